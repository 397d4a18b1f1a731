package ai.kiana.store.index;

import java.util.Objects;

/**
 * One searchable block as the index holds it: its text analysed for its language and its unit
 * vector. {@code sourceUri}/{@code sourceSha256} are kept for document chunks, so an import can
 * find the chunks of a file it saw before.
 */
public record IndexEntry(
    String id, String lang, String text, float[] vector, String sourceUri, String sourceSha256) {

  public IndexEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(vector, "vector");
  }
}
