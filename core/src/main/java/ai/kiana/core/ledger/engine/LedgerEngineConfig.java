package ai.kiana.core.ledger.engine;

/**
 * How a {@link LedgerEngine} behaves as a node; unlike {@link ai.kiana.core.ledger.LedgerParams}
 * these settings do not decide which blocks are valid, so nodes of one network may differ.
 *
 * @param heartbeatMillis with no pending transactions, a validator seals an empty block only once
 *     the head is this old, so peers can tell the network is alive without a stream of empty
 *     blocks; 0 turns heartbeats off
 * @param wiggleMillis the out-of-turn delay step (EIP-225's wiggle): a validator {@code r} places
 *     after the in-turn one waits {@code r * wiggleMillis} plus a jitter below {@code wiggleMillis
 *     / 2} before it seals, so the in-turn block usually arrives first
 * @param statusIntervalMillis how often the engine broadcasts its {@link LedgerMessage.Status} and
 *     re-announces transactions that are still pending; also how long it waits before it repeats an
 *     unanswered block request
 * @param syncBatch blocks asked for (and served) per {@link LedgerMessage.GetBlocks}
 * @param maxOrphans blocks kept while their parent is being fetched; the oldest go first
 * @param maxPending transactions kept in the pool; more are refused until some are sealed
 * @param seed makes the wiggle jitter deterministic (tests); any value is fine in production
 */
public record LedgerEngineConfig(
    long heartbeatMillis,
    long wiggleMillis,
    long statusIntervalMillis,
    int syncBatch,
    int maxOrphans,
    int maxPending,
    long seed) {

  public static final long DEFAULT_HEARTBEAT_MILLIS = 60_000;
  public static final long DEFAULT_WIGGLE_MILLIS = 500;
  public static final long DEFAULT_STATUS_INTERVAL_MILLIS = 5_000;
  public static final int DEFAULT_SYNC_BATCH = 128;
  public static final int DEFAULT_MAX_ORPHANS = 4_096;
  public static final int DEFAULT_MAX_PENDING = 10_000;

  public static final LedgerEngineConfig DEFAULTS =
      new LedgerEngineConfig(
          DEFAULT_HEARTBEAT_MILLIS,
          DEFAULT_WIGGLE_MILLIS,
          DEFAULT_STATUS_INTERVAL_MILLIS,
          DEFAULT_SYNC_BATCH,
          DEFAULT_MAX_ORPHANS,
          DEFAULT_MAX_PENDING,
          0);

  public LedgerEngineConfig {
    check("heartbeatMillis", heartbeatMillis, 0);
    check("wiggleMillis", wiggleMillis, 0);
    check("statusIntervalMillis", statusIntervalMillis, 1);
    check("syncBatch", syncBatch, 1);
    check("maxOrphans", maxOrphans, 1);
    check("maxPending", maxPending, 1);
  }

  public LedgerEngineConfig withHeartbeatMillis(long millis) {
    return new LedgerEngineConfig(
        millis, wiggleMillis, statusIntervalMillis, syncBatch, maxOrphans, maxPending, seed);
  }

  public LedgerEngineConfig withWiggleMillis(long millis) {
    return new LedgerEngineConfig(
        heartbeatMillis, millis, statusIntervalMillis, syncBatch, maxOrphans, maxPending, seed);
  }

  public LedgerEngineConfig withStatusIntervalMillis(long millis) {
    return new LedgerEngineConfig(
        heartbeatMillis, wiggleMillis, millis, syncBatch, maxOrphans, maxPending, seed);
  }

  public LedgerEngineConfig withSyncBatch(int batch) {
    return new LedgerEngineConfig(
        heartbeatMillis, wiggleMillis, statusIntervalMillis, batch, maxOrphans, maxPending, seed);
  }

  public LedgerEngineConfig withSeed(long seed) {
    return new LedgerEngineConfig(
        heartbeatMillis,
        wiggleMillis,
        statusIntervalMillis,
        syncBatch,
        maxOrphans,
        maxPending,
        seed);
  }

  private static void check(String name, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(
          "ledger engine " + name + ": must be at least " + min + ", not " + value);
    }
  }
}
