package ai.kiana.net.messages;

import java.time.Duration;

/** The bounds of end-to-end messaging (docs/PROTOCOL.md, "End-to-end messages"). */
public final class MessageLimits {

  /** Largest envelope (its canonical JSON) any node accepts, stores or forwards. */
  public static final int MAX_ENVELOPE_BYTES = 65_536;

  /** Largest message text, in UTF-8 bytes; its envelope then stays below the envelope limit. */
  public static final int MAX_TEXT_BYTES = 32_768;

  /** How long a message is kept and forwarded unless the sender says otherwise. */
  public static final Duration DEFAULT_TTL = Duration.ofDays(7);

  /** The longest lifetime an envelope may ask for; relays refuse longer ones. */
  public static final Duration MAX_TTL = Duration.ofDays(30);

  /** How far in the future an envelope's {@code created} may lie (clock differences). */
  public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

  /** What a relay keeps for one offline recipient at most. */
  public static final int RELAY_MAX_ENVELOPES = 256;

  public static final long RELAY_MAX_BYTES = 4L << 20;

  /** Most IDs in one MSG_OFFER or MSG_WANT, announcements in one MSG_KEYS, receipts in one. */
  public static final int MAX_ITEMS_PER_FRAME = 256;

  private MessageLimits() {}
}
