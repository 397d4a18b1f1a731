package ai.kiana.net;

/** Pairing failed; the message tells the user why (wrong, expired or unreachable code). */
public final class PairingException extends RuntimeException {
  public PairingException(String message) {
    super(message);
  }
}
