package ai.kiana.store.messages;

/**
 * One stored message as this node sees it in one role (migration V6). The store does not interpret
 * envelopes, bodies or receipts; {@code ai.kiana.net.messages} does.
 *
 * @param id the message ID (32 hex characters)
 * @param role what this node is for the message
 * @param sender device ID hex of the sender
 * @param recipient device ID hex of the recipient
 * @param size the envelope's size in bytes (counted against relay quotas)
 * @param envelope the signed envelope as canonical JSON, or null once a relay dropped it
 * @param body the plain text (inbox and outbox only)
 * @param state {@code pending} or {@code delivered} (outbox), {@code received} (inbox), {@code
 *     held} or {@code delivered} (relay)
 * @param deliveredMs when the receipt arrived, or null
 * @param receipt the recipient's signed receipt as canonical JSON, or null
 */
public record MessageRow(
    String id,
    Role role,
    String sender,
    String recipient,
    long createdMs,
    long expiresMs,
    int size,
    String envelope,
    String body,
    String state,
    Long deliveredMs,
    String receipt) {

  /** What this node is for a message. */
  public enum Role {
    OUTBOX,
    INBOX,
    RELAY;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Role of(String wire) {
      return valueOf(wire.toUpperCase(java.util.Locale.ROOT));
    }
  }
}
