package ai.kiana.server.chat;

import ai.kiana.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The events of a Server-Sent Events body, parsed as the spec says (event + data lines). */
record SseEvents(List<Event> events) {

  record Event(String name, JsonNode data) {}

  static SseEvents parse(String body) {
    List<Event> out = new ArrayList<>();
    for (String block : body.split("\n\n")) {
      String name = "message";
      StringBuilder data = new StringBuilder();
      for (String line : block.split("\n")) {
        if (line.startsWith("event: ")) {
          name = line.substring(7);
        } else if (line.startsWith("data: ")) {
          data.append(line.substring(6));
        }
      }
      if (!data.isEmpty()) {
        out.add(new Event(name, Json.parse(data.toString())));
      }
    }
    return new SseEvents(out);
  }

  List<String> names() {
    return events.stream().map(Event::name).distinct().toList();
  }

  JsonNode first(String name) {
    return events.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow().data();
  }

  boolean has(String name) {
    return events.stream().anyMatch(e -> e.name().equals(name));
  }

  String text() {
    StringBuilder s = new StringBuilder();
    events.stream()
        .filter(e -> e.name().equals("token"))
        .forEach(e -> s.append(e.data().get("text").asText()));
    return s.toString();
  }
}
