package ai.kiana.core.ledger.engine;

import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.ledger.BlockDigest;
import ai.kiana.core.ledger.LedgerBlock;
import ai.kiana.core.ledger.LedgerState;
import ai.kiana.core.ledger.LedgerStore;
import ai.kiana.core.ledger.LedgerTx;
import ai.kiana.core.ledger.engine.ForkChoice.HeadChange;
import ai.kiana.core.ledger.engine.LedgerMessage.GetBlocks;
import ai.kiana.core.ledger.engine.LedgerMessage.NewBlock;
import ai.kiana.core.ledger.engine.LedgerMessage.TxAnnounce;
import ai.kiana.core.ledger.rules.BlockValidator;
import ai.kiana.core.ledger.rules.RuleViolation;
import ai.kiana.core.ledger.rules.Verdict;
import ai.kiana.core.ledger.rules.ViolationKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a {@link LedgerEngine} takes in blocks, from peers and its own sealing: validates each
 * against its parent's state, keeps orphans until their parent arrives (and fetches it), remembers
 * rejected blocks so their descendants are refused at once, stores accepted blocks, follows {@link
 * ForkChoice} to a new head (putting the transactions of abandoned blocks back into the {@link
 * TxPool}) and records the senders' {@link Offence}s. Not thread-safe: only the engine uses it,
 * under its lock.
 */
final class BlockImporter {

  private static final Logger LOG = LoggerFactory.getLogger(LedgerEngine.class);
  private static final int MAX_BAD_BLOCKS = 10_000;

  private final DeviceId me;
  private final LedgerStore store;
  private final LedgerBus bus;
  private final BlockValidator validator;
  private final LedgerEngineConfig config;
  private final ForkChoice forks;
  private final TxPool pool;
  private final ChainSync sync;
  private final OffenceLog offences;

  private final Map<String, Boolean> badBlocks = lru(MAX_BAD_BLOCKS);
  private final LinkedHashMap<String, Orphan> orphans = new LinkedHashMap<>();
  private final Map<String, List<String>> orphansByParent = new HashMap<>();
  private final Map<String, String> sealedOnParent;

  private long headSince = Long.MIN_VALUE;

  private record Orphan(DeviceId from, LedgerBlock block, boolean relay) {}

  /**
   * @param sealedOnParent the first block seen per parent and proposer (see {@link #sealKey}), as
   *     rebuilt from the store
   */
  BlockImporter(
      DeviceId me,
      LedgerStore store,
      LedgerBus bus,
      BlockValidator validator,
      LedgerEngineConfig config,
      ForkChoice forks,
      TxPool pool,
      ChainSync sync,
      OffenceLog offences,
      Map<String, String> sealedOnParent) {
    this.me = me;
    this.store = store;
    this.bus = bus;
    this.validator = validator;
    this.config = config;
    this.forks = forks;
    this.pool = pool;
    this.sync = sync;
    this.offences = offences;
    this.sealedOnParent = sealedOnParent;
  }

  /** When the head last changed, or {@link Long#MIN_VALUE} if it has not since the start. */
  long headSince() {
    return headSince;
  }

  /** Blocks waiting for their parent. */
  int orphanCount() {
    return orphans.size();
  }

  /** Imports a block and then, one by one, the orphans that were waiting for it. */
  void importBlock(DeviceId from, LedgerBlock block, long now, boolean relay) {
    Deque<Orphan> work = new ArrayDeque<>();
    work.add(new Orphan(from, block, relay));
    while (!work.isEmpty()) {
      Orphan next = work.poll();
      if (importOne(next.from, next.block, now, next.relay)) {
        List<String> children = orphansByParent.remove(next.block.hash());
        if (children != null) {
          for (String child : children) {
            Orphan orphan = orphans.remove(child);
            if (orphan != null) {
              work.add(orphan);
            }
          }
        }
      }
    }
  }

  /** Validates and accepts one block whose parent may be unknown; true if it was accepted. */
  private boolean importOne(DeviceId from, LedgerBlock block, long now, boolean relay) {
    String hash = block.hash();
    LedgerBlock known = forks.block(hash);
    if (known != null) {
      LedgerState parent = forks.state(block.parent());
      if (!known.equals(block) && parent != null) {
        // Same hash, other seal: a forgery of a block we have.
        Verdict verdict = validator.validate(parent, block, now);
        if (verdict instanceof Verdict.Rejected rejected) {
          reject(from, block, rejected.violation(), false);
        }
      }
      return false;
    }
    if (orphans.containsKey(hash)) {
      // Still missing its parent: ask again (at most once per status interval), in case the
      // first request or its answer was lost; otherwise the orphan could wait forever.
      requestParent(from, block, now);
      return false;
    }
    if (block.isGenesis()) {
      reject(
          from,
          block,
          new RuleViolation(0, -1, ViolationKind.INVALID_GENESIS, "genesis of another ledger"),
          false);
      return false;
    }
    if (badBlocks.containsKey(hash)) {
      reject(
          from,
          block,
          new RuleViolation(block.height(), -1, ViolationKind.BAD_HASH, "a block rejected before"),
          false);
      return false;
    }
    if (badBlocks.containsKey(block.parent())) {
      reject(
          from,
          block,
          new RuleViolation(
              block.height(), -1, ViolationKind.BAD_PARENT, "descends from a rejected block"),
          false);
      return false;
    }
    LedgerState parent = forks.state(block.parent());
    if (parent == null) {
      addOrphan(new Orphan(from, block, relay));
      requestParent(from, block, now);
      return false;
    }
    BlockDigest digest = BlockDigest.of(block, validator.ed25519());
    Verdict verdict = validator.validate(parent, digest, now);
    if (verdict instanceof Verdict.Rejected rejected) {
      // Only an authentic block (hash and seal verify) may blacklist its hash, and not for a
      // timestamp that is merely early for this node's clock.
      boolean authentic = digest.hash().equals(hash) && digest.sealVerifies();
      reject(
          from,
          block,
          rejected.violation(),
          authentic && rejected.violation().kind() != ViolationKind.TIMESTAMP_IN_FUTURE);
      return false;
    }
    accept(block, ((Verdict.Accepted) verdict).state(), now);
    if (relay) {
      bus.broadcast(me, new NewBlock(block));
    }
    return true;
  }

  /** Stores a valid block (as the head if it becomes one) and adds it to the forks. */
  void accept(LedgerBlock block, LedgerState state, long now) {
    boolean newHead = forks.wouldBeHead(state);
    store.put(block, newHead ? block.hash() : null);
    HeadChange change = forks.add(block, state);
    String first = sealedOnParent.putIfAbsent(sealKey(block), block.hash());
    if (first != null && !first.equals(block.hash())) {
      offences.record(
          new Offence(
              block.proposer(),
              block.height(),
              block.hash(),
              Offence.DOUBLE_SEAL,
              "sealed "
                  + block.shortHash()
                  + " and "
                  + first.substring(0, 12)
                  + " on the same parent"));
    }
    if (change != null) {
      onHeadChange(change, now);
    }
  }

  private void onHeadChange(HeadChange change, long now) {
    headSince = now;
    List<LedgerTx> returned = new ArrayList<>();
    List<LedgerBlock> abandoned = new ArrayList<>(change.abandoned());
    Collections.reverse(abandoned);
    for (LedgerBlock block : abandoned) {
      returned.addAll(block.txs());
    }
    List<LedgerTx> back = pool.reset(forks.headState(), returned, now);
    for (LedgerTx tx : back) {
      bus.broadcast(me, new TxAnnounce(tx));
    }
    if (change.isReorg()) {
      LOG.info(
          "ledger reorg: head {}@{} -> {}@{}, {} blocks abandoned, {} of their {} transactions"
              + " back in the pool (the others are on the new chain, or their seq is spent)",
          change.oldHead().shortHash(),
          change.oldHead().height(),
          change.newHead().shortHash(),
          change.newHead().height(),
          change.abandoned().size(),
          back.size(),
          returned.size());
    }
  }

  private void reject(DeviceId from, LedgerBlock block, RuleViolation violation, boolean bad) {
    if (bad) {
      badBlocks.put(block.hash(), Boolean.TRUE);
      // Orphans waiting for it can never be valid either.
      List<String> children = orphansByParent.remove(block.hash());
      if (children != null) {
        for (String child : children) {
          Orphan orphan = orphans.remove(child);
          if (orphan != null) {
            offences.record(
                new Offence(
                    orphan.from,
                    orphan.block.height(),
                    child,
                    ViolationKind.BAD_PARENT.wireName(),
                    "descends from rejected block " + block.shortHash()));
          }
        }
      }
    }
    offences.record(
        new Offence(
            from, block.height(), block.hash(), violation.kind().wireName(), violation.message()));
  }

  private void addOrphan(Orphan orphan) {
    if (orphans.size() >= config.maxOrphans()) {
      Iterator<Map.Entry<String, Orphan>> oldest = orphans.entrySet().iterator();
      Orphan evicted = oldest.next().getValue();
      oldest.remove();
      List<String> siblings = orphansByParent.get(evicted.block.parent());
      if (siblings != null) {
        siblings.remove(evicted.block.hash());
        if (siblings.isEmpty()) {
          orphansByParent.remove(evicted.block.parent());
        }
      }
    }
    orphans.put(orphan.block.hash(), orphan);
    orphansByParent
        .computeIfAbsent(orphan.block.parent(), k -> new ArrayList<>())
        .add(orphan.block.hash());
  }

  /**
   * Fetches what an orphan is missing: the ancestors of the oldest missing block from the peer that
   * sent it, or a range of that peer's chain when the orphan is far ahead.
   */
  private void requestParent(DeviceId from, LedgerBlock block, long now) {
    LedgerBlock root = block;
    Orphan parent;
    while ((parent = orphans.get(root.parent())) != null && parent.block != root) {
      root = parent.block;
    }
    if (root.height() - forks.headState().height() > config.syncBatch()) {
      sync.requestRange(from, root.height(), now);
    } else if (sync.firstRequest("ancestors:" + root.parent(), now)) {
      bus.send(me, from, GetBlocks.ancestors(root.parent(), config.syncBatch()));
    }
  }

  /** The key under which the first block of a proposer on a parent is remembered. */
  static String sealKey(LedgerBlock block) {
    return block.parent() + "/" + block.proposer().hex();
  }

  private static <K> Map<K, Boolean> lru(int max) {
    return new LinkedHashMap<>() {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, Boolean> eldest) {
        return size() > max;
      }
    };
  }
}
