package ai.kiana.core.ledger;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The kinds of ledger transaction, with their wire names (the {@code type} member). */
public enum TxType {
  DEVICE_ADMITTED("device-admitted"),
  DEVICE_REVOKED("device-revoked"),
  ROLE_CHANGED("role-changed"),
  VALIDATOR_VOTE("validator-vote"),
  KILL_SWITCH("kill-switch"),
  RESUME("resume"),
  MODEL_PUBLISHED("model-published"),
  KNOWLEDGE_CHECKPOINT("knowledge-checkpoint"),
  POLICY_CHANGED("policy-changed"),
  KEY_ROTATED("key-rotated");

  private final String wireName;

  TxType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /**
   * @throws InvalidLedgerDataException for an unknown name (field "type")
   */
  public static TxType fromWire(String name) {
    for (TxType type : values()) {
      if (type.wireName.equals(name)) {
        return type;
      }
    }
    throw new InvalidLedgerDataException(
        "type", "unknown transaction type '" + name + "' (known: " + known() + ")");
  }

  public static String known() {
    return Arrays.stream(values()).map(TxType::wireName).collect(Collectors.joining(", "));
  }
}
