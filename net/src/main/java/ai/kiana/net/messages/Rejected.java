package ai.kiana.net.messages;

/**
 * Why an incoming message item was not taken. An {@link Kind#OFFENCE} is the sender's fault
 * (forged, tampered, oversized, replayed or malformed data) and counts against the connection; a
 * {@link Kind#DECLINE} is a policy refusal an honest peer can run into (unknown or revoked device,
 * expired, relay quota full) and does not.
 */
public final class Rejected extends RuntimeException {

  public enum Kind {
    OFFENCE,
    DECLINE
  }

  private final Kind kind;

  public Rejected(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  public static Rejected offence(String message) {
    return new Rejected(Kind.OFFENCE, message);
  }

  public static Rejected decline(String message) {
    return new Rejected(Kind.DECLINE, message);
  }

  public Kind kind() {
    return kind;
  }
}
