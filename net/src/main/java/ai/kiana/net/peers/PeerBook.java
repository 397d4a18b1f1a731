package ai.kiana.net.peers;

import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.json.Json;
import ai.kiana.core.json.JsonFormatException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The devices this node pairs with, kept in {@code <data-dir>/peers.json} (or only in memory when
 * no file is given). Every change rewrites the file through a temporary file and an atomic move, so
 * a crash leaves either the old or the new list. Thread-safe.
 */
public final class PeerBook {

  private final Path file;
  private final Map<DeviceId, PeerRecord> peers = new ConcurrentHashMap<>();

  private PeerBook(Path file) {
    this.file = file;
  }

  public static PeerBook inMemory() {
    return new PeerBook(null);
  }

  /**
   * @throws IllegalStateException if the file exists but is not a valid peer list
   */
  public static PeerBook open(Path file) {
    PeerBook book = new PeerBook(file);
    if (Files.exists(file)) {
      try {
        JsonNode root = Json.parse(Files.readAllBytes(file));
        for (JsonNode n : root.path("peers")) {
          PeerRecord r =
              new PeerRecord(
                  DeviceId.parse(n.path("device").asText()),
                  n.path("name").asText(""),
                  n.path("address").isTextual() ? n.path("address").asText() : null,
                  n.path("origin").asText("config"),
                  Instant.parse(n.path("added").asText()));
          book.peers.put(r.device(), r);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      } catch (JsonFormatException | IllegalArgumentException | java.time.DateTimeException e) {
        throw new IllegalStateException(
            file + " is not a valid peer list (" + e.getMessage() + "); fix or remove it", e);
      }
    }
    return book;
  }

  public boolean contains(DeviceId device) {
    return peers.containsKey(device);
  }

  public Optional<PeerRecord> get(DeviceId device) {
    return Optional.ofNullable(peers.get(device));
  }

  public Collection<PeerRecord> all() {
    List<PeerRecord> all = new ArrayList<>(peers.values());
    all.sort((a, b) -> a.device().compareTo(b.device()));
    return all;
  }

  /** Adds or replaces the record of its device. */
  public synchronized void put(PeerRecord record) {
    peers.put(record.device(), record);
    save();
  }

  public synchronized boolean remove(DeviceId device) {
    boolean removed = peers.remove(device) != null;
    if (removed) {
      save();
    }
    return removed;
  }

  private void save() {
    if (file == null) {
      return;
    }
    ObjectNode root = Json.mapper().createObjectNode();
    ArrayNode list = root.putArray("peers");
    for (PeerRecord r : all()) {
      ObjectNode n = list.addObject();
      n.put("device", r.device().hex());
      n.put("name", r.name());
      n.put("address", r.address());
      n.put("origin", r.origin());
      n.put("added", r.added().toString());
    }
    try {
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, root.toPrettyString(), StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
