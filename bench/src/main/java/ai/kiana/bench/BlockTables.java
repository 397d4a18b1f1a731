package ai.kiana.bench;

import java.util.List;
import java.util.Locale;

/** Turns the figures of one {@link BlockBench} run into its three tables. */
final class BlockTables {

  private final BlockBench.Config config;
  private final BlockBench.Figures f;

  BlockTables(BlockBench.Config config, BlockBench.Figures figures) {
    this.config = config;
    this.f = figures;
  }

  List<Table> tables() {
    return List.of(rates(), latency(), breakdown());
  }

  private Table rates() {
    Table t =
        new Table(
            "Blocks per second, engine "
                + f.engine()
                + " (ratio to the raw Ed25519 rate of the same engine, same run)",
            Table.left("measurement"),
            Table.right("threads"),
            Table.right("blocks/s"),
            Table.right("min..max"),
            Table.left("baseline"),
            Table.right("baseline/s"),
            Table.right("ratio"),
            Table.left("target"),
            Table.left("met"));
    String sign = "raw sign";
    String verify = "raw verify, 1 thread";
    String verifyAllCores = "raw verify, " + f.cores() + " threads";
    String signAllCores = "raw sign, " + f.cores() + " threads";
    row(t, "(a) raw sign, " + f.signingBytes() + " signing bytes", 1, f.rawSign(), null, null, 0);
    row(t, "(a) raw sign", f.cores(), f.rawSignAllCores(), sign + ", 1 thread", f.rawSign(), 0);
    row(t, "(a) raw verify", 1, f.rawVerify(), null, null, 0);
    row(t, "(a) raw verify", f.cores(), f.rawVerifyAllCores(), verify, f.rawVerify(), 0);
    row(t, "(b) create + sign (BlockAuthor.sign)", 1, f.createSign(), sign, f.rawSign(), 0);
    row(
        t,
        "(c) create + sign + store, put (1 block/txn)",
        1,
        f.put(),
        sign,
        f.rawSign(),
        BlockBench.TARGET_STORE_PER_SECOND);
    row(
        t,
        "(c) create + sign + store, putAll (" + config.batch() + "/txn)",
        1,
        f.putAll(),
        sign,
        f.rawSign(),
        BlockBench.TARGET_STORE_PER_SECOND);
    row(
        t,
        "(c) KnowledgeBase.addAll (" + config.batch() + "/txn, parallel sign)",
        f.cores(),
        f.addAll(),
        signAllCores,
        f.rawSignAllCores(),
        BlockBench.TARGET_STORE_PER_SECOND);
    row(t, "(d) verify blocks (BlockVerifier)", 1, f.verifyBlocks(), verify, f.rawVerify(), 0);
    row(
        t,
        "(d) verify blocks, parallel stream",
        f.cores(),
        f.verifyBlocksParallel(),
        verifyAllCores,
        f.rawVerifyAllCores(),
        BlockBench.TARGET_VERIFY_PER_SECOND);
    row(
        t,
        "(f) KnowledgeBase.verifyAll, " + Table.rate(f.storedBlocks()) + " stored",
        f.cores(),
        f.verifyAll(),
        verifyAllCores + " *",
        f.rawVerifyBeside(),
        BlockBench.TARGET_VERIFY_PER_SECOND);
    row(
        t,
        "(f) of which BlockStore.forEach alone (read + decode)",
        1,
        f.forEach(),
        verifyAllCores + " *",
        f.rawVerifyBeside(),
        0);
    t.note(
        "cpu rows: "
            + Bench.describe(config.cpu())
            + ", interleaved; store rows: "
            + Bench.describe(config.store())
            + ", interleaved");
    t.note(
        "* measured round by round alongside verifyAll and forEach: median of "
            + f.verifyAll().rounds()
            + " rounds ("
            + config.verifyAll().warmupRounds()
            + " warm-up); a verifyAll or forEach round is one full pass");
    t.note(
        "signing bytes "
            + f.signingBytes()
            + " B, stored JSON "
            + f.storedJsonBytes()
            + " B per block; SQLite in WAL mode with synchronous=NORMAL, in "
            + System.getProperty("java.io.tmpdir"));
    return t;
  }

  private static void row(
      Table t,
      String what,
      int threads,
      Measure.Rate rate,
      String baseName,
      Measure.Rate base,
      double target) {
    t.row(
        what,
        threads,
        Table.rate(rate.median()),
        Bench.spread(rate),
        baseName == null ? "-" : baseName,
        base == null ? null : Table.rate(base.median()),
        base == null ? null : Table.ratio(rate.median(), base.median()),
        target > 0 ? ">= " + Table.rate(target) + "/s" : null,
        target > 0 ? (rate.median() >= target ? "yes" : "MISSED") : null);
  }

  private Table latency() {
    Measure.Latency store = f.getFromStore();
    Measure.Latency map = f.getFromMap();
    Table t =
        new Table(
            "(e) get by id over "
                + Table.rate(f.storedBlocks())
                + " stored blocks, random ids (ratio to an in-memory HashMap of the same blocks)",
            Table.left("lookup"),
            Table.right("p50"),
            Table.right("p99"),
            Table.right("max"),
            Table.right("p50 ratio"),
            Table.right("p99 ratio"),
            Table.left("target"),
            Table.left("met"));
    t.row(
        "BlockStore.get (SQLite)",
        Table.nanos(store.p50()),
        Table.nanos(store.p99()),
        Table.nanos(store.max()),
        Table.ratio(store.p50(), map.p50()),
        Table.ratio(store.p99(), map.p99()),
        "p50 < " + Table.nanos(BlockBench.TARGET_GET_P50_NANOS),
        store.p50() < BlockBench.TARGET_GET_P50_NANOS ? "yes" : "MISSED");
    t.row(
        "HashMap.get (baseline)",
        Table.nanos(map.p50()),
        Table.nanos(map.p99()),
        Table.nanos(map.max()),
        "1.00x",
        "1.00x",
        null,
        null);
    t.note(
        store.samples()
            + " timed lookups each, after "
            + config.lookupWarmup()
            + " warm-up lookups; each time includes one System.nanoTime pair (~20-30 ns)");
    return t;
  }

  private Table breakdown() {
    Table t =
        new Table(
            "Where the time goes, one thread (µs per block; share of create + sign)",
            Table.left("step"),
            Table.right("µs/block"),
            Table.right("share"));
    double total = f.createSign().nanosPerItem();
    double json = f.signingBytesRate().nanosPerItem();
    double sha = f.sha256().nanosPerItem();
    double sign = f.rawSign().nanosPerItem();
    step(t, "canonical signing bytes (BlockCodec.signingBytes)", json, total);
    step(t, "SHA-256 of the signing bytes (block id)", sha, total);
    step(t, "Ed25519 sign (raw)", sign, total);
    step(t, "rest: draft and block checks, hex, clock", total - json - sha - sign, total);
    step(t, "= create + sign (BlockAuthor.sign)", total, total);
    t.row(null, null, null);
    step(t, "store, put: per block on top of create + sign", f.put().nanosPerItem() - total, total);
    step(
        t,
        "store, putAll: per block on top of create + sign",
        f.putAll().nanosPerItem() - total,
        total);
    step(
        t,
        "  of which canonical JSON for storage (BlockCodec.toJson)",
        f.storedJson().nanosPerItem(),
        total);
    step(t, "addAll: wall time per block", f.addAll().nanosPerItem(), total);
    step(
        t,
        "  minus create + sign shared by " + f.cores() + " cores (~ the store's part)",
        f.addAll().nanosPerItem() - total / f.cores(),
        total);
    t.note("derived from the medians above (differences of independent medians: rough, not exact)");
    return t;
  }

  private static void step(Table t, String what, double nanos, double total) {
    t.row(
        what,
        String.format(Locale.ROOT, "%.1f", nanos / 1e3),
        String.format(Locale.ROOT, "%.0f%%", 100 * nanos / total));
  }
}
