package ai.kiana.core.block;

import ai.kiana.core.clock.HlcTimestamp;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A position in the newest-first block order: the (created, id) of the last block of a page.
 * Clients see it as an opaque URL-safe token.
 */
public record PageCursor(HlcTimestamp created, BlockId id) {

  public static PageCursor of(KnowledgeBlock b) {
    return new PageCursor(b.created(), b.id());
  }

  public String token() {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((created + "|" + id.hex()).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * @throws IllegalArgumentException if the token was not made by {@link #token()}
   */
  public static PageCursor parse(String token) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      int bar = text.indexOf('|');
      return new PageCursor(
          HlcTimestamp.parse(text.substring(0, bar)), BlockId.parseStrict(text.substring(bar + 1)));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("cursor is not one this node handed out");
    }
  }

  /** Whether {@code b} comes after this position in newest-first order. */
  public boolean isBefore(KnowledgeBlock b) {
    int c = b.created().compareTo(created);
    return c < 0 || (c == 0 && b.id().compareTo(id) < 0);
  }
}
