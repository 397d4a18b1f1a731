package ai.kiana.net.sync.reconcile;

import java.util.List;

/**
 * One range of a reconciliation message: it ends (exclusively) at {@code upper} and starts where
 * the range before it ended ({@link Bound#ZERO} for the first).
 */
public sealed interface Range {

  Bound upper();

  /** Nothing to do in this range: the sender believes both sides agree on it. */
  record Skip(Bound upper) implements Range {}

  /** The sender's fingerprint of its items in the range. */
  record Fingerprint(Bound upper, byte[] fingerprint) implements Range {
    public Fingerprint {
      if (fingerprint.length != ItemSet.FINGERPRINT_BYTES) {
        throw new IllegalArgumentException("a fingerprint is 16 bytes");
      }
    }
  }

  /** All of the sender's item keys in the range. */
  record IdList(Bound upper, List<ItemKey> items) implements Range {
    public IdList {
      items = List.copyOf(items);
    }
  }
}
