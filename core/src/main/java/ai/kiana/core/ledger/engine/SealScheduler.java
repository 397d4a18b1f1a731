package ai.kiana.core.ledger.engine;

import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.core.ledger.BlockSealer;
import ai.kiana.core.ledger.LedgerBlock;
import ai.kiana.core.ledger.LedgerLimits;
import ai.kiana.core.ledger.LedgerParams;
import ai.kiana.core.ledger.LedgerState;
import ai.kiana.core.ledger.LedgerTx;
import ai.kiana.core.ledger.TxCodec;
import ai.kiana.core.ledger.engine.LedgerMessage.NewBlock;
import ai.kiana.core.ledger.rules.BlockValidator;
import ai.kiana.core.ledger.rules.RuleViolation;
import ai.kiana.core.ledger.rules.Verdict;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When and what this validator seals (EIP-225, see {@link LedgerEngine}): the in-turn validator at
 * once, the others after a deterministic wiggle delay; with nothing pending only a heartbeat block,
 * and only when other validators are there to see it. Not thread-safe: only the engine uses it,
 * under its lock.
 */
final class SealScheduler {

  private static final Logger LOG = LoggerFactory.getLogger(LedgerEngine.class);

  private final NodeIdentity identity;
  private final DeviceId me;
  private final LedgerParams params;
  private final BlockValidator validator;
  private final LedgerEngineConfig config;
  private final LedgerBus bus;
  private final ForkChoice forks;
  private final TxPool pool;
  private final BlockImporter importer;
  private final ChainSync sync;

  private long startedAt = Long.MIN_VALUE;

  SealScheduler(
      NodeIdentity identity,
      LedgerParams params,
      BlockValidator validator,
      LedgerEngineConfig config,
      LedgerBus bus,
      ForkChoice forks,
      TxPool pool,
      BlockImporter importer,
      ChainSync sync) {
    this.identity = identity;
    this.me = identity.deviceId();
    this.params = params;
    this.validator = validator;
    this.config = config;
    this.bus = bus;
    this.forks = forks;
    this.pool = pool;
    this.importer = importer;
    this.sync = sync;
  }

  /** Notes the first tick: heartbeats wait a status interval after it, to hear from the peers. */
  void started(long now) {
    if (startedAt == Long.MIN_VALUE) {
      startedAt = now;
    }
  }

  /** Seals, accepts and broadcasts a block if this validator should now. */
  void maybeSeal(long now) {
    LedgerState head = forks.headState();
    if (!head.isValidator(me) || head.sealedRecently(me)) {
      return;
    }
    long earliest = head.timestamp() + params.periodMillis();
    if (now < earliest) {
      return;
    }
    long readyAt;
    if (!pool.isEmpty()) {
      readyAt = Math.max(importer.headSince(), pool.oldestArrival());
    } else if (config.heartbeatMillis() > 0
        && head.validators().size() > 1
        && now - startedAt >= config.statusIntervalMillis()
        && !sync.peerAhead(now)) {
      readyAt = head.timestamp() + config.heartbeatMillis();
    } else {
      return;
    }
    int rank = rank(head);
    long sealAt = rank == 0 ? readyAt : readyAt + wiggle(head, rank);
    if (now < sealAt) {
      return;
    }
    boolean checkpoint = params.isEpochBlock(head.height() + 1);
    List<LedgerTx> txs = pool.select(checkpoint, LedgerLimits.MAX_TXS_PER_BLOCK);
    LedgerBlock block = BlockSealer.next(identity, head, now, txs);
    Verdict verdict = validator.validate(head, block, now);
    if (verdict instanceof Verdict.Rejected rejected) {
      RuleViolation violation = rejected.violation();
      LOG.warn("ledger: own block {} is invalid, not sent: {}", block.shortHash(), violation);
      if (violation.txIndex() >= 0) {
        pool.remove(TxCodec.id(txs.get(violation.txIndex())));
      }
      return;
    }
    importer.accept(block, ((Verdict.Accepted) verdict).state(), now);
    bus.broadcast(me, new NewBlock(block));
    LOG.debug(
        "ledger: sealed {} at height {} with {} transactions ({})",
        block.shortHash(),
        block.height(),
        txs.size(),
        rank == 0 ? "in turn" : "out of turn");
  }

  /** 0 if this validator is in turn for the next block, else how many places after it. */
  private int rank(LedgerState head) {
    List<DeviceId> validators = head.validators();
    int n = validators.size();
    int mine = Collections.binarySearch(validators, me);
    int inTurn = (int) ((head.height() + 1) % n);
    return Math.floorMod(mine - inTurn, n);
  }

  /**
   * The out-of-turn delay: {@code rank * wiggle} plus a jitter below {@code wiggle / 2} that
   * depends only on the seed, the height and this device, so runs repeat exactly.
   */
  private long wiggle(LedgerState head, int rank) {
    long step = config.wiggleMillis();
    long jitterRange = Math.max(1, step / 2);
    long mixed = mix(config.seed() ^ (head.height() + 1) * 0x9E3779B97F4A7C15L ^ me.hashCode());
    return rank * step + Math.floorMod(mixed, jitterRange);
  }

  /** SplitMix64's finaliser. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
