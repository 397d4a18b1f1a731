package ai.kiana.core.ledger;

/**
 * The consensus parameters of one ledger. {@code periodMillis} and {@code epochLength} decide which
 * blocks are valid, so every node of a network must use the same values; {@code
 * maxFutureDriftMillis} only bounds how far a node trusts other clocks.
 *
 * @param periodMillis minimum time between a block and its parent (EIP-225 BLOCK_PERIOD). Small by
 *     default because blocks are sealed only when transactions are pending, not on a timer.
 * @param epochLength every block whose height is a positive multiple of this is a checkpoint block
 *     that lists the validators and clears pending votes (EIP-225 EPOCH_LENGTH); 0 means no epochs
 * @param maxFutureDriftMillis how far a block's timestamp may lie ahead of the validating node's
 *     clock
 */
public record LedgerParams(long periodMillis, long epochLength, long maxFutureDriftMillis) {

  public static final long DEFAULT_PERIOD_MILLIS = 10;
  public static final long DEFAULT_EPOCH_LENGTH = 30_000;
  public static final long DEFAULT_MAX_FUTURE_DRIFT_MILLIS = 15_000;

  public static final LedgerParams DEFAULTS =
      new LedgerParams(
          DEFAULT_PERIOD_MILLIS, DEFAULT_EPOCH_LENGTH, DEFAULT_MAX_FUTURE_DRIFT_MILLIS);

  public LedgerParams {
    validate(periodMillis, epochLength, maxFutureDriftMillis);
  }

  /** Whether the block at {@code height} is an epoch (checkpoint) block; genesis always is. */
  public boolean isEpochBlock(long height) {
    return height == 0 || (epochLength > 0 && height % epochLength == 0);
  }

  public LedgerParams withEpochLength(long epochLength) {
    return new LedgerParams(periodMillis, epochLength, maxFutureDriftMillis);
  }

  public LedgerParams withPeriodMillis(long periodMillis) {
    return new LedgerParams(periodMillis, epochLength, maxFutureDriftMillis);
  }

  private static void validate(long period, long epoch, long drift) {
    long day = 86_400_000L;
    if (period < 0 || period > day) {
      throw new IllegalArgumentException(
          "ledger.periodMillis: must be 0 to " + day + " (one day), not " + period);
    }
    if (epoch < 0) {
      throw new IllegalArgumentException(
          "ledger.epochLength: must be 0 (no epochs) or positive, not " + epoch);
    }
    if (drift < 0 || drift > day) {
      throw new IllegalArgumentException(
          "ledger.maxFutureDriftMillis: must be 0 to " + day + ", not " + drift);
    }
  }
}
