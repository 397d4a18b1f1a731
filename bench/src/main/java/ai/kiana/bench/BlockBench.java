package ai.kiana.bench;

import ai.kiana.core.block.BlockAuthor;
import ai.kiana.core.block.BlockCodec;
import ai.kiana.core.block.BlockDraft;
import ai.kiana.core.block.BlockId;
import ai.kiana.core.block.BlockStore;
import ai.kiana.core.block.BlockVerifier;
import ai.kiana.core.block.KnowledgeBase;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.block.VerifyReport;
import ai.kiana.core.clock.HybridLogicalClock;
import ai.kiana.core.crypto.Ed25519;
import ai.kiana.core.crypto.Ed25519Engines;
import ai.kiana.core.crypto.Sha256;
import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.store.StoreConfig;
import ai.kiana.store.StoreFactory;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Blocks per second through the real code paths (sign, store in SQLite, verify, read back), each
 * printed beside the raw Ed25519 rate of the same engine measured in the same run, and against the
 * targets of the performance issue.
 *
 * <p>Usage: {@code BlockBench [--quick]}; {@code --quick} only proves the code runs.
 */
public final class BlockBench {

  static final double TARGET_STORE_PER_SECOND = 10_000;
  static final double TARGET_VERIFY_PER_SECOND = 20_000;
  static final long TARGET_GET_P50_NANOS = 1_000_000;

  /**
   * Sizes of one run.
   *
   * @param cpu rounds for the figures that only compute
   * @param store rounds for the figures that write to SQLite (longer: checkpoints come in bursts)
   * @param verifyAll rounds for verifyAll; one call of it is a round by itself when it is slower
   * @param storedBlocks how many blocks the store holds for the lookups and verifyAll
   */
  record Config(
      Measure.Settings cpu,
      Measure.Settings store,
      Measure.Settings verifyAll,
      int batch,
      int storedBlocks,
      int lookupWarmup,
      int lookups) {

    static final Config DEFAULT =
        new Config(
            new Measure.Settings(2, 5, Duration.ofMillis(400)),
            new Measure.Settings(1, 5, Duration.ofSeconds(1)),
            // No warm-up: verification and decoding are hot from earlier parts, the page cache from
            // loading the HashMap. A pass over 100k blocks takes ~5 s at the target rate; the
            // budget keeps a loaded machine from stretching this part much past 20 s.
            new Measure.Settings(0, 3, Duration.ofSeconds(1), Duration.ofSeconds(20)),
            1000,
            100_000,
            20_000,
            100_000);

    static final Config QUICK =
        new Config(
            Measure.Settings.QUICK,
            Measure.Settings.QUICK,
            Measure.Settings.QUICK,
            50,
            500,
            100,
            500);
  }

  private static final HexFormat HEX = HexFormat.of();

  private final Config config;
  private final PrintStream out;
  private final int cores = Runtime.getRuntime().availableProcessors();
  private final Ed25519 engine = Ed25519Engines.fastest();
  private final NodeIdentity identity = NodeIdentity.generate(engine);
  private final BlockAuthor author =
      new BlockAuthor(identity, new HybridLogicalClock(Clock.systemUTC()));
  private final BlockVerifier verifier = new BlockVerifier(engine);
  private final AtomicLong drafts = new AtomicLong();

  BlockBench(Config config, PrintStream out) {
    this.config = config;
    this.out = out;
  }

  public static void main(String[] args) {
    Bench.quietLogs();
    Config config = Bench.quick(args) ? Config.QUICK : Config.DEFAULT;
    Bench.header(System.out, "BlockBench");
    new BlockBench(config, System.out).run();
  }

  /** Prints the tables; returns them for tests. */
  List<Table> run() {
    Path dir = Bench.tempDir("kiana-blockbench-");
    try (BlockStore store = StoreFactory.open(StoreConfig.sqlite(dir.resolve("bench.db")))) {
      return run(store);
    } finally {
      Bench.deleteTree(dir);
    }
  }

  private List<Table> run(BlockStore store) {
    KnowledgeBlock sample = author.sign(TypicalBlocks.draft(nextDraft()));
    byte[] signingBytes = BlockCodec.signingBytes(sample);
    byte[] publicKey = identity.publicKey();
    byte[] signature = HEX.parseHex(sample.sig());
    int storedJsonBytes = BlockCodec.toJson(sample).getBytes(StandardCharsets.UTF_8).length;
    // One parallel batch of the same size verifyAll uses.
    List<KnowledgeBlock> pool = new ArrayList<>();
    for (int i = 0; i < 4096; i++) {
      pool.add(author.sign(TypicalBlocks.draft(nextDraft())));
    }

    // (a), (b), (d) and the cost breakdown: CPU only, measured round-robin.
    int[] next = {0};
    List<Measure.Case> cpuCases =
        List.of(
            new Measure.Case("raw sign", 1, () -> Measure.consume(identity.sign(signingBytes))),
            new Measure.Case("raw verify", 1, () -> rawVerify(publicKey, signingBytes, signature)),
            new Measure.Case(
                "raw verify", cores, () -> rawVerify(publicKey, signingBytes, signature)),
            new Measure.Case(
                "create + sign",
                1,
                () -> Measure.consume(author.sign(TypicalBlocks.draft(nextDraft())))),
            new Measure.Case("verify blocks", 1, () -> verifyOne(pool.get(next[0]++ & 4095))),
            new Measure.Case("verify blocks, parallel", 1, () -> verifyParallel(pool)),
            new Measure.Case(
                "signing bytes", 1, () -> Measure.consume(BlockCodec.signingBytes(sample))),
            new Measure.Case("sha-256", 1, () -> Measure.consume(Sha256.digest(signingBytes))),
            new Measure.Case("stored json", 1, () -> Measure.consume(BlockCodec.toJson(sample))),
            new Measure.Case(
                "raw sign", cores, () -> Measure.consume(identity.sign(signingBytes))));
    List<Measure.Rate> cpu = Measure.interleaved(config.cpu(), cpuCases);
    Measure.Rate rawSign = cpu.get(0);
    Measure.Rate rawVerify = cpu.get(1);
    Measure.Rate rawVerifyAll = cpu.get(2);
    Measure.Rate createSign = cpu.get(3);

    // (c) create + sign + store: one transaction per block, one per batch, and the bulk path
    // KnowledgeBase.addAll (signs the batch on all cores, then one putAll). The case itself runs on
    // one thread; addAll spreads its signing over the common pool.
    KnowledgeBase knowledge = new KnowledgeBase(store, author, verifier);
    List<Measure.Rate> stored =
        Measure.interleaved(
            config.store(),
            List.of(
                new Measure.Case("put", 1, () -> putOne(store)),
                new Measure.Case("putAll", 1, () -> putBatch(store, config.batch())),
                new Measure.Case("addAll", 1, () -> addBatch(knowledge, config.batch()))));

    // (e) lookups over at least storedBlocks blocks, against a HashMap holding the same blocks.
    topUp(store);
    Map<BlockId, KnowledgeBlock> byId = new HashMap<>();
    store.forEach(b -> byId.put(b.id(), b));
    List<BlockId> ids = new ArrayList<>(byId.keySet());
    Lookups lookups = lookups(store, byId, ids);

    // (f) verifyAll over everything stored, each round beside a round of raw verify on all cores.
    List<Measure.Rate> all =
        Measure.interleaved(
            config.verifyAll(),
            List.of(
                new Measure.Case(
                    "raw verify", cores, () -> rawVerify(publicKey, signingBytes, signature)),
                new Measure.Case("verifyAll", 1, () -> verifyAll(knowledge, ids.size())),
                // verifyAll reads on one thread between parallel batches: this is its serial part.
                new Measure.Case("forEach", 1, () -> readAll(store))));

    Figures figures =
        new Figures(
            engine.name(),
            cores,
            signingBytes.length,
            storedJsonBytes,
            ids.size(),
            rawSign,
            rawVerify,
            rawVerifyAll,
            cpu.get(9),
            createSign,
            stored.get(0),
            stored.get(1),
            stored.get(2),
            cpu.get(4),
            cpu.get(5),
            all.get(0),
            all.get(1),
            all.get(2),
            cpu.get(6),
            cpu.get(7),
            cpu.get(8),
            lookups.store(),
            lookups.map());
    List<Table> tables = new BlockTables(config, figures).tables();
    tables.forEach(t -> t.print(out));
    return tables;
  }

  /**
   * Everything one run measured, for {@link BlockTables}. Rates are blocks (or operations) per
   * second; {@code rawVerifyBeside} is raw verify on all cores measured round by round alongside
   * verifyAll and forEach.
   */
  record Figures(
      String engine,
      int cores,
      int signingBytes,
      int storedJsonBytes,
      int storedBlocks,
      Measure.Rate rawSign,
      Measure.Rate rawVerify,
      Measure.Rate rawVerifyAllCores,
      Measure.Rate rawSignAllCores,
      Measure.Rate createSign,
      Measure.Rate put,
      Measure.Rate putAll,
      Measure.Rate addAll,
      Measure.Rate verifyBlocks,
      Measure.Rate verifyBlocksParallel,
      Measure.Rate rawVerifyBeside,
      Measure.Rate verifyAll,
      Measure.Rate forEach,
      Measure.Rate signingBytesRate,
      Measure.Rate sha256,
      Measure.Rate storedJson,
      Measure.Latency getFromStore,
      Measure.Latency getFromMap) {}

  private long nextDraft() {
    return drafts.getAndIncrement();
  }

  private long rawVerify(byte[] publicKey, byte[] message, byte[] signature) {
    if (!engine.verify(publicKey, message, signature)) {
      throw new IllegalStateException(engine.name() + " rejected a valid signature");
    }
    return 1;
  }

  private long verifyOne(KnowledgeBlock block) {
    if (!verifier.verify(block).isValid()) {
      throw new IllegalStateException("a freshly signed block failed verification: " + block.id());
    }
    return 1;
  }

  /** The same shape as {@link KnowledgeBase#verifyAll()}: a parallel stream over one batch. */
  private long verifyParallel(List<KnowledgeBlock> batch) {
    long bad = batch.parallelStream().filter(b -> !verifier.verify(b).isValid()).count();
    if (bad > 0) {
      throw new IllegalStateException(bad + " freshly signed blocks failed verification");
    }
    return batch.size();
  }

  private long putOne(BlockStore store) {
    if (!store.put(author.sign(TypicalBlocks.draft(nextDraft())))) {
      throw new IllegalStateException(
          "the store reported a freshly signed block as already present");
    }
    return 1;
  }

  private long putBatch(BlockStore store, int size) {
    List<KnowledgeBlock> batch = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      batch.add(author.sign(TypicalBlocks.draft(nextDraft())));
    }
    int added = store.putAll(batch);
    if (added != size) {
      throw new IllegalStateException("putAll stored " + added + " of " + size + " new blocks");
    }
    return size;
  }

  /**
   * Drafts a batch and hands it to {@link KnowledgeBase#addAll}: create, sign on all cores, store.
   */
  private long addBatch(KnowledgeBase knowledge, int size) {
    List<BlockDraft> drafts = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      drafts.add(TypicalBlocks.draft(nextDraft()));
    }
    int added = knowledge.addAll(drafts).size();
    if (added != size) {
      throw new IllegalStateException("addAll returned " + added + " of " + size + " new blocks");
    }
    return size;
  }

  private static long verifyAll(KnowledgeBase knowledge, int expected) {
    VerifyReport report = knowledge.verifyAll();
    if (!report.ok() || report.checked() < expected) {
      throw new IllegalStateException(
          "verifyAll checked "
              + report.checked()
              + " blocks (expected "
              + expected
              + "), "
              + report.failures().size()
              + " failed");
    }
    return report.checked();
  }

  private static long readAll(BlockStore store) {
    long[] count = {0};
    store.forEach(b -> count[0] += Measure.consume(b));
    return count[0];
  }

  /** Fills the store up to {@code storedBlocks} blocks, untimed. */
  private void topUp(BlockStore store) {
    long missing = config.storedBlocks() - store.stats().blocks();
    while (missing > 0) {
      int size = (int) Math.min(missing, config.batch());
      putBatch(store, size);
      missing -= size;
    }
  }

  record Lookups(Measure.Latency store, Measure.Latency map) {}

  private Lookups lookups(BlockStore store, Map<BlockId, KnowledgeBlock> byId, List<BlockId> ids) {
    Random random = new Random(7);
    int[] warmup = random.ints(config.lookupWarmup(), 0, ids.size()).toArray();
    int[] timed = random.ints(config.lookups(), 0, ids.size()).toArray();
    timeLookups(ids, warmup, id -> store.get(id).orElse(null));
    timeLookups(ids, warmup, byId::get);
    Measure.Latency fromStore =
        Measure.latency(timeLookups(ids, timed, id -> store.get(id).orElse(null)));
    Measure.Latency fromMap = Measure.latency(timeLookups(ids, timed, byId::get));
    return new Lookups(fromStore, fromMap);
  }

  private static long[] timeLookups(
      List<BlockId> ids, int[] picks, Function<BlockId, KnowledgeBlock> lookup) {
    long[] nanos = new long[picks.length];
    for (int i = 0; i < picks.length; i++) {
      BlockId id = ids.get(picks[i]);
      long start = System.nanoTime();
      KnowledgeBlock found = lookup.apply(id);
      nanos[i] = System.nanoTime() - start;
      if (found == null || !found.id().equals(id)) {
        throw new IllegalStateException("lookup of stored block " + id + " returned " + found);
      }
    }
    return nanos;
  }
}
