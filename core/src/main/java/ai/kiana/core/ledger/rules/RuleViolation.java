package ai.kiana.core.ledger.rules;

/**
 * Why a block is invalid: the height it was offered at (its parent's height plus one, which is its
 * position in a chain; the block's own {@code height} member may be the very thing that is wrong),
 * the rule's kind, a message for people, and which transaction broke it ({@code txIndex}, or -1
 * when the block itself did).
 */
public record RuleViolation(long height, int txIndex, ViolationKind kind, String message) {

  public RuleViolation {
    if (kind == null || message == null) {
      throw new IllegalArgumentException("a violation needs a kind and a message");
    }
  }

  /** E.g. {@code block 7, tx 0: replayed-tx: seq 3 is not above the issuer's last seq 3}. */
  @Override
  public String toString() {
    return "block "
        + height
        + (txIndex >= 0 ? ", tx " + txIndex : "")
        + ": "
        + kind.wireName()
        + ": "
        + message;
  }
}
