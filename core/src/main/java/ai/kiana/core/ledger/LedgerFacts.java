package ai.kiana.core.ledger;

import ai.kiana.core.identity.DeviceId;

/** The latest values that ledger transactions set, each with where it was decided. */
public final class LedgerFacts {

  private LedgerFacts() {}

  /**
   * The kill switch. {@code engaged} is false before any kill-switch transaction; {@code by} and
   * {@code height} name the last transaction that changed it (null and -1 before any).
   */
  public record KillSwitchState(boolean engaged, String reason, DeviceId by, long height) {
    public static final KillSwitchState RELEASED = new KillSwitchState(false, null, null, -1);
  }

  /** The latest published model version. */
  public record ModelVersion(long version, String sha256, DeviceId publisher, long height) {}

  /** The latest checkpoint of the knowledge set. */
  public record KnowledgeMark(String merkleRoot, long blockCount, DeviceId issuer, long height) {}
}
