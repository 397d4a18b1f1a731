package ai.kiana.core.ledger.rules;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The kinds of rule violation, with stable kebab-case names used in scenario files, logs, the API
 * and docs/PROTOCOL.md. Names never change meaning; new kinds may be added.
 */
public enum ViolationKind {
  BAD_HEIGHT("bad-height"),
  BAD_PARENT("bad-parent"),
  BAD_HASH("bad-hash"),
  BAD_SEAL("bad-seal"),
  TIMESTAMP_IN_FUTURE("timestamp-in-future"),
  TIMESTAMP_TOO_EARLY("timestamp-too-early"),
  INVALID_GENESIS("invalid-genesis"),
  UNAUTHORIZED_SIGNER("unauthorized-signer"),
  RECENTLY_SIGNED("recently-signed"),
  WRONG_DIFFICULTY("wrong-difficulty"),
  BAD_TX_ROOT("bad-tx-root"),
  BAD_TX_SIGNATURE("bad-tx-signature"),
  INVALID_CHECKPOINT("invalid-checkpoint"),
  VOTE_ON_CHECKPOINT("vote-on-checkpoint"),
  UNAUTHORIZED_TX("unauthorized-tx"),
  REPLAYED_TX("replayed-tx"),
  SEQ_GAP("seq-gap"),
  INVALID_TX("invalid-tx");

  private final String wireName;

  ViolationKind(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /**
   * @throws IllegalArgumentException for an unknown name, listing the known ones
   */
  public static ViolationKind fromWire(String name) {
    for (ViolationKind kind : values()) {
      if (kind.wireName.equals(name)) {
        return kind;
      }
    }
    throw new IllegalArgumentException(
        "unknown violation kind '" + name + "' (known: " + known() + ")");
  }

  public static String known() {
    return Arrays.stream(values()).map(ViolationKind::wireName).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return wireName;
  }
}
