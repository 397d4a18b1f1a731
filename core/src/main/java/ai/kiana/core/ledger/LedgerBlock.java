package ai.kiana.core.ledger;

import ai.kiana.core.identity.DeviceId;
import java.util.List;

/**
 * A sealed ledger block (format version {@value #VERSION}, docs/PROTOCOL.md "Ledger blocks").
 *
 * <p>{@code hash} is SHA-256 of the canonical JSON of every member but {@code hash} and {@code
 * seal}; {@code seal} is the proposer's Ed25519 signature of the same bytes, made with {@code key}
 * (whose SHA-256 must be {@code proposer}). {@code txRoot} is the {@link
 * ai.kiana.core.merkle.MerkleTree} root over the transactions' ids (as 32-byte leaves). {@code
 * checkpoint} is null except on genesis and epoch blocks, where it lists the validator set sorted
 * by device ID (EIP-225's checkpoint).
 *
 * <p>An instance is well-formed (this constructor checks the format) but not necessarily valid: the
 * rules in {@link ai.kiana.core.ledger.rules} decide that against the parent's {@link LedgerState}.
 *
 * @param parent the parent's hash; 64 zeros for genesis
 * @param timestamp milliseconds since the Unix epoch
 * @param difficulty 2 when sealed in turn, 1 out of turn (EIP-225)
 */
public record LedgerBlock(
    long height,
    String parent,
    long timestamp,
    DeviceId proposer,
    String key,
    int difficulty,
    List<LedgerTx> txs,
    String txRoot,
    List<DeviceId> checkpoint,
    String hash,
    String seal) {

  public static final int VERSION = 1;
  public static final int DIFF_IN_TURN = 2;
  public static final int DIFF_OUT_OF_TURN = 1;

  /** The parent hash of genesis: 64 zeros. */
  public static final String NO_PARENT = LedgerHex.ZERO_HASH;

  public LedgerBlock {
    LedgerHex.requireSafeInteger("height", height, 0);
    LedgerHex.requireHash("parent", parent);
    LedgerHex.requireSafeInteger("timestamp", timestamp, 0);
    LedgerHex.present("proposer", proposer);
    LedgerHex.requireKey("key", key);
    if (difficulty != DIFF_IN_TURN && difficulty != DIFF_OUT_OF_TURN) {
      throw new InvalidLedgerDataException(
          "difficulty", "must be 1 (out of turn) or 2 (in turn), not " + difficulty);
    }
    LedgerHex.present("txs", txs);
    if (txs.size() > LedgerLimits.MAX_TXS_PER_BLOCK) {
      throw new InvalidLedgerDataException(
          "txs", "at most " + LedgerLimits.MAX_TXS_PER_BLOCK + " transactions per block");
    }
    txs = List.copyOf(txs);
    LedgerHex.requireHash("txRoot", txRoot);
    if (checkpoint != null) {
      checkpoint = List.copyOf(checkpoint);
      requireSortedUnique(checkpoint);
    }
    LedgerHex.requireHash("hash", hash);
    LedgerHex.requireSignature("seal", seal);
  }

  public boolean isGenesis() {
    return height == 0;
  }

  /** Whether this block carries a validator checkpoint (genesis and epoch blocks must). */
  public boolean hasCheckpoint() {
    return checkpoint != null;
  }

  /** The first 12 hex characters of the hash, for logs. */
  public String shortHash() {
    return hash.substring(0, 12);
  }

  private static void requireSortedUnique(List<DeviceId> ids) {
    if (ids.isEmpty() || ids.size() > LedgerLimits.MAX_VALIDATORS) {
      throw new InvalidLedgerDataException(
          "checkpoint",
          "must list 1 to " + LedgerLimits.MAX_VALIDATORS + " validators, or be null");
    }
    for (int i = 1; i < ids.size(); i++) {
      if (ids.get(i - 1).compareTo(ids.get(i)) >= 0) {
        throw new InvalidLedgerDataException(
            "checkpoint", "validators must be sorted by device ID without repeats");
      }
    }
  }
}
