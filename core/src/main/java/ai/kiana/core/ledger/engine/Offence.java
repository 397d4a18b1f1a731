package ai.kiana.core.ledger.engine;

import ai.kiana.core.identity.DeviceId;

/**
 * Something a peer did that an honest node never does: sent a block that breaks the rules (or
 * descends from one), announced a transaction with a bad signature, or sealed two different blocks
 * on the same parent.
 *
 * @param by the peer that sent it, or for {@link #DOUBLE_SEAL} the proposer
 * @param subject the block hash or transaction id concerned
 * @param kind a {@link ai.kiana.core.ledger.rules.ViolationKind} wire name, or {@link #DOUBLE_SEAL}
 */
public record Offence(DeviceId by, long height, String subject, String kind, String message) {

  /** The proposer sealed a second, different block on a parent it had already sealed on. */
  public static final String DOUBLE_SEAL = "double-seal";

  @Override
  public String toString() {
    return kind + " by " + by.hex().substring(0, 12) + " at height " + height + ": " + message;
  }
}
