package ai.kiana.core.block;

import java.util.Map;

/**
 * Counts for the stats endpoint. {@code byType} has an entry for every block type, zero included.
 *
 * @param bytes size of the database on disk, or -1 if the backend cannot tell
 */
public record StoreStats(String backend, long blocks, Map<BlockType, Long> byType, long bytes) {

  public StoreStats {
    byType = Map.copyOf(byType);
  }
}
