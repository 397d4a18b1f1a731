package ai.kiana.ai.filter;

import ai.kiana.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Every filter hit, one JSON line each, appended to {@code <data-dir>/filter-hits.jsonl}. A local
 * audit trail of what the filter saw; it is not knowledge and does not sync. A line that cannot be
 * read (a torn last line after a crash) is skipped when listing.
 */
public final class FilterHitLog {

  public static final String FILE = "filter-hits.jsonl";

  private final Path file;

  FilterHitLog(Path file) {
    this.file = file;
  }

  synchronized void record(FilterHit hit) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("at", hit.at().toString());
    o.put("rule", hit.rule());
    o.put("category", hit.category());
    o.put("action", hit.action().wireName());
    o.put("stage", hit.stage().wireName());
    o.put("reason", hit.reason());
    o.put("excerpt", hit.excerpt());
    if (hit.conversation() == null) {
      o.putNull("conversation");
    } else {
      o.put("conversation", hit.conversation());
    }
    try {
      Files.writeString(
          file,
          o + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record a filter hit in " + file, e);
    }
  }

  /** The newest {@code limit} hits, newest first. */
  public synchronized List<FilterHit> newest(int limit) {
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    Deque<FilterHit> last = new ArrayDeque<>();
    try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
      for (String line : (Iterable<String>) lines::iterator) {
        FilterHit hit = parse(line);
        if (hit != null) {
          last.addFirst(hit);
          if (last.size() > limit) {
            last.removeLast();
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return new ArrayList<>(last);
  }

  private static FilterHit parse(String line) {
    try {
      JsonNode n = Json.parse(line);
      return new FilterHit(
          Instant.parse(n.get("at").asText()),
          n.get("rule").asText(),
          n.get("category").asText(),
          FilterAction.valueOf(n.get("action").asText().toUpperCase(java.util.Locale.ROOT)),
          FilterStage.valueOf(n.get("stage").asText().toUpperCase(java.util.Locale.ROOT)),
          n.get("reason").asText(),
          n.get("excerpt").asText(),
          n.get("conversation").isNull() ? null : n.get("conversation").asText());
    } catch (RuntimeException e) { // JSON, field or enum errors: a torn or foreign line
      return null;
    }
  }
}
