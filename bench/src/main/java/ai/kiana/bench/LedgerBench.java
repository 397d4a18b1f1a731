package ai.kiana.bench;

import ai.kiana.core.crypto.Ed25519;
import ai.kiana.core.crypto.Ed25519Engines;
import ai.kiana.core.crypto.Sha256;
import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.core.ledger.BlockDigest;
import ai.kiana.core.ledger.BlockSealer;
import ai.kiana.core.ledger.Genesis;
import ai.kiana.core.ledger.LedgerBlock;
import ai.kiana.core.ledger.LedgerBlockCodec;
import ai.kiana.core.ledger.LedgerParams;
import ai.kiana.core.ledger.LedgerState;
import ai.kiana.core.ledger.LedgerTx;
import ai.kiana.core.ledger.Role;
import ai.kiana.core.ledger.TxCodec;
import ai.kiana.core.ledger.TxPayload;
import ai.kiana.core.ledger.rules.BlockValidator;
import ai.kiana.core.ledger.rules.ChainValidator;
import ai.kiana.core.ledger.rules.RuleFactory;
import ai.kiana.core.ledger.rules.Verdict;
import ai.kiana.server.ledger.LedgerService;
import ai.kiana.store.StoreConfig;
import ai.kiana.store.ledger.Stores;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * The device ledger's two performance targets, each beside a baseline measured in the same run:
 *
 * <ul>
 *   <li>(a) full validation ({@link ChainValidator}, what {@code kiana verify --ledger} runs) of a
 *       10,000-block chain of typical transactions, beside the raw Ed25519 verification of exactly
 *       the signatures that chain holds, by the same engine on the same cores: the floor that
 *       validation cannot go below;
 *   <li>(b) a single validator's latency from submitting a transaction to its block being sealed
 *       and stored in SQLite, through the node's real {@link LedgerService}, beside one bare {@code
 *       SqlLedgerStore.put} (one transaction writing a block and the head).
 * </ul>
 *
 * <p>Usage: {@code LedgerBench [--quick]}; {@code --quick} only proves the code runs.
 */
public final class LedgerBench {

  static final double TARGET_CHAIN_SECONDS = 0.5;
  static final long TARGET_SEAL_NANOS = 100_000_000;

  /**
   * Sizes of one run.
   *
   * @param cpu rounds for the single-signature baselines
   * @param chain rounds for whole-chain passes (one pass per round)
   * @param spacingMillis pause between isolated submissions: more than the block period, so a
   *     transaction never waits for it
   */
  record Config(
      int chainBlocks,
      Measure.Settings cpu,
      Measure.Settings chain,
      int latencyWarmup,
      int latencySamples,
      long spacingMillis) {

    static final Config DEFAULT =
        new Config(
            10_000,
            new Measure.Settings(2, 5, Duration.ofMillis(400)),
            new Measure.Settings(2, 7, Duration.ofMillis(1)),
            100,
            500,
            25);

    static final Config QUICK =
        new Config(
            200,
            Measure.Settings.QUICK,
            new Measure.Settings(1, 2, Duration.ofMillis(1)),
            5,
            20,
            15);
  }

  private final Config config;
  private final PrintStream out;
  private final int cores = Runtime.getRuntime().availableProcessors();
  private final Ed25519 engine = Ed25519Engines.fastest();

  LedgerBench(Config config, PrintStream out) {
    this.config = config;
    this.out = out;
  }

  public static void main(String[] args) {
    Bench.quietLogs();
    Config config = Bench.quick(args) ? Config.QUICK : Config.DEFAULT;
    Bench.header(System.out, "LedgerBench");
    new LedgerBench(config, System.out).run();
    KillSwitchBench.run(System.out, Bench.quick(args));
  }

  /** Prints the tables; returns them for tests. */
  List<Table> run() {
    TypicalChain typical = TypicalChain.build(engine, config.chainBlocks(), 42);
    List<Table> tables = List.of(validation(typical), latency(typical.blocks()));
    tables.forEach(t -> t.print(out));
    return tables;
  }

  // ---------------------------------------------------------------- (a) full validation

  private Table validation(TypicalChain typical) {
    List<LedgerBlock> chain = typical.blocks();
    LedgerParams params = LedgerService.DEFAULT_PARAMS;
    ChainValidator validator = RuleFactory.chainValidator(engine, params);
    BlockValidator blocks = RuleFactory.blockValidator(engine);
    long now = System.currentTimeMillis();
    Verdict check = validator.validate(chain, now);
    if (!(check instanceof Verdict.Accepted)) {
      throw new IllegalStateException("the generated chain is invalid: " + check);
    }
    List<Signature> signatures = typical.signatures();
    Signature sample = signatures.get(signatures.size() / 2);
    BlockDigest[] digests =
        chain.stream().map(b -> BlockDigest.of(b, engine)).toArray(BlockDigest[]::new);

    List<Measure.Rate> single =
        Measure.interleaved(
            config.cpu(),
            List.of(
                new Measure.Case("raw verify", 1, () -> verify(sample)),
                new Measure.Case("raw verify", cores, () -> verify(sample))));
    // One pass over the whole chain per round; every rate is in blocks per second.
    List<Measure.Rate> passes =
        Measure.interleaved(
            config.chain(),
            List.of(
                new Measure.Case(
                    "raw verify of the chain's signatures",
                    1,
                    () -> verifyAll(signatures, chain.size())),
                new Measure.Case(
                    "ChainValidator.validate", 1, () -> validate(validator, chain, now)),
                new Measure.Case("BlockDigest.of, parallel", 1, () -> digestAll(chain)),
                new Measure.Case("rules only", 1, () -> rulesOnly(blocks, params, digests, now))));
    Measure.Rate floor = passes.get(0);
    Measure.Rate full = passes.get(1);

    Table t =
        new Table(
            "(a) Full validation of a "
                + Table.rate(chain.size())
                + "-block ledger chain, engine "
                + engine.name()
                + " (ratio to raw Ed25519 verify of the same "
                + Table.rate(signatures.size())
                + " signatures, same run)",
            Table.left("measurement"),
            Table.right("threads"),
            Table.right("per chain"),
            Table.right("blocks/s"),
            Table.right("min..max"),
            Table.right("signatures/s"),
            Table.right("vs raw verify"),
            Table.left("target"),
            Table.left("met"));
    t.row(
        "raw verify, one signature", 1, "", "", "", Table.rate(single.get(0).median()), "", "", "");
    t.row(
        "raw verify, one signature",
        cores,
        "",
        "",
        "",
        Table.rate(single.get(1).median()),
        "",
        "",
        "");
    chainRow(
        t,
        "raw verify of every signature in the chain (the floor)",
        cores,
        floor,
        typical,
        floor,
        false);
    chainRow(
        t, "ChainValidator.validate (kiana verify --ledger)", cores, full, typical, floor, true);
    chainRow(
        t,
        "  of which BlockDigest.of: hashes, seals, tx signatures",
        cores,
        passes.get(2),
        typical,
        floor,
        false);
    chainRow(
        t,
        "  of which the rules, digests given (sequential)",
        1,
        passes.get(3),
        typical,
        floor,
        false);
    t.note("chain: " + typical.describe());
    t.note(
        "passes: "
            + Bench.describe(config.chain())
            + " (a round is one pass), interleaved; single signatures: "
            + Bench.describe(config.cpu()));
    double floorSeconds = chain.size() / floor.median();
    double overhead = floor.median() / full.median() - 1;
    t.note(
        String.format(
            Locale.ROOT,
            "the signatures alone take %.2f s at the raw rate on %d cores; validation adds %+.0f%% to that%s",
            floorSeconds,
            cores,
            overhead * 100,
            floorSeconds > TARGET_CHAIN_SECONDS
                ? String.format(
                    Locale.ROOT,
                    " (a %.1f s target needs fewer signatures per block or a faster verify,"
                        + " not leaner rules)",
                    TARGET_CHAIN_SECONDS)
                : ""));
    return t;
  }

  private void chainRow(
      Table t,
      String name,
      int threads,
      Measure.Rate rate,
      TypicalChain typical,
      Measure.Rate floor,
      boolean target) {
    int blocks = typical.blocks().size();
    double seconds = blocks / rate.median();
    double sigsPerSecond = rate.median() * typical.signatures().size() / blocks;
    t.row(
        name,
        threads,
        Table.nanos(seconds * 1e9),
        Table.rate(rate.median()),
        Bench.spread(rate),
        Table.rate(sigsPerSecond),
        Table.ratio(floor.median(), rate.median()),
        target ? String.format(Locale.ROOT, "<= %.1f s", TARGET_CHAIN_SECONDS) : "",
        target ? (seconds <= TARGET_CHAIN_SECONDS ? "yes" : "MISSED") : "");
  }

  private long verify(Signature s) {
    if (!engine.verify(s.key(), s.message(), s.signature())) {
      throw new IllegalStateException(engine.name() + " rejected a valid signature");
    }
    return 1;
  }

  /** Verifies every signature of the chain on all cores; counts as the chain's blocks. */
  private long verifyAll(List<Signature> signatures, int blocks) {
    long bad =
        signatures.parallelStream()
            .filter(s -> !engine.verify(s.key(), s.message(), s.signature()))
            .count();
    if (bad > 0) {
      throw new IllegalStateException(bad + " valid signatures were rejected");
    }
    return blocks;
  }

  private static long validate(ChainValidator validator, List<LedgerBlock> chain, long now) {
    if (!(validator.validate(chain, now) instanceof Verdict.Accepted)) {
      throw new IllegalStateException("a valid chain was rejected");
    }
    return chain.size();
  }

  private long digestAll(List<LedgerBlock> chain) {
    return Measure.consume(
            IntStream.range(0, chain.size())
                .parallel()
                .mapToObj(i -> BlockDigest.of(chain.get(i), engine))
                .toArray(BlockDigest[]::new))
        * chain.size();
  }

  private static long rulesOnly(
      BlockValidator validator, LedgerParams params, BlockDigest[] digests, long now) {
    LedgerState state = LedgerState.beforeGenesis(params);
    for (BlockDigest digest : digests) {
      if (!(validator.validate(state, digest, now) instanceof Verdict.Accepted accepted)) {
        throw new IllegalStateException("a valid block was rejected");
      }
      state = accepted.state();
    }
    return digests.length;
  }

  // ---------------------------------------------------------------- (b) submit to sealed

  private Table latency(List<LedgerBlock> otherChain) {
    Path dir = Bench.tempDir("kiana-ledgerbench-");
    NodeIdentity identity = NodeIdentity.generate(engine);
    int total = config.latencyWarmup() + config.latencySamples();
    long[] baseline = new long[config.latencySamples() * 2];
    long[] isolated = new long[config.latencySamples()];
    long[] backToBack = new long[config.latencySamples()];
    int genesisTxs;
    try (Stores node = Stores.open(StoreConfig.sqlite(dir.resolve("node.db")));
        Stores bare = Stores.open(StoreConfig.sqlite(dir.resolve("baseline.db")));
        LedgerService ledger =
            LedgerService.open(node.ledger(), identity, engine, Clock.systemUTC())) {
      genesisTxs = ledger.head().txs().size();
      TypicalIntents intents = new TypicalIntents(engine);
      pause(config.spacingMillis());
      int next = 0;
      // Isolated: one transaction at a time, well after the previous block.
      for (int i = 0; i < total; i++) {
        long store = timePut(bare, otherChain.get(next++));
        long sealed = timeSeal(ledger, intents.next());
        if (i >= config.latencyWarmup()) {
          baseline[i - config.latencyWarmup()] = store;
          isolated[i - config.latencyWarmup()] = sealed;
        }
        pause(config.spacingMillis());
      }
      // Back to back: the next transaction as soon as the previous one is sealed.
      for (int i = 0; i < config.latencySamples(); i++) {
        baseline[config.latencySamples() + i] = timePut(bare, otherChain.get(next++));
        backToBack[i] = timeSeal(ledger, intents.next());
      }
    } finally {
      Bench.deleteTree(dir);
    }
    Measure.Latency base = Measure.latency(baseline);
    Measure.Latency one = Measure.latency(isolated);
    Measure.Latency burst = Measure.latency(backToBack);
    Table t =
        new Table(
            "(b) Single validator: transaction submitted -> sealed and stored, LedgerService on SQLite"
                + " (ratio to one bare SqlLedgerStore.put)",
            Table.left("path"),
            Table.right("p50"),
            Table.right("p99"),
            Table.right("max"),
            Table.right("p50 ratio"),
            Table.right("p99 ratio"),
            Table.left("target"),
            Table.left("met"));
    latencyRow(
        t,
        "submit -> sealed + stored, isolated (" + config.spacingMillis() + " ms apart)",
        one,
        base,
        true);
    latencyRow(t, "submit -> sealed + stored, back to back", burst, base, false);
    latencyRow(t, "SqlLedgerStore.put: 1 block + head, 1 txn (baseline)", base, base, false);
    t.note(
        config.latencySamples()
            + " timed submissions per path after "
            + config.latencyWarmup()
            + " warm-up ones, interleaved with the baseline puts; intents signed by the node (policy, model version,"
            + " knowledge checkpoint, device admission in turn), one per block; genesis held "
            + genesisTxs
            + " tx");
    t.note(
        "back to back, a transaction arriving within the "
            + LedgerService.DEFAULT_PARAMS.periodMillis()
            + " ms block period after its predecessor's block waits for the period to end (the rules' minimum gap)");
    t.note(
        "SQLite in WAL mode with synchronous=NORMAL, in "
            + dir.getParent()
            + "; the baseline writes blocks of"
            + " another chain into a second file in the same directory");
    return t;
  }

  private static void latencyRow(
      Table t, String name, Measure.Latency l, Measure.Latency base, boolean target) {
    t.row(
        name,
        Table.nanos(l.p50()),
        Table.nanos(l.p99()),
        Table.nanos(l.max()),
        Table.ratio(l.p50(), base.p50()),
        Table.ratio(l.p99(), base.p99()),
        target ? "p99 < " + Table.nanos(TARGET_SEAL_NANOS) : "",
        target ? (l.p99() < TARGET_SEAL_NANOS ? "yes" : "MISSED") : "");
  }

  private static long timePut(Stores stores, LedgerBlock block) {
    long start = System.nanoTime();
    stores.ledger().put(block, block.hash());
    return System.nanoTime() - start;
  }

  private static long timeSeal(LedgerService ledger, TxPayload payload) {
    long start = System.nanoTime();
    LedgerService.Submission s = ledger.submit(payload);
    if (!s.admission().pooled()) {
      throw new IllegalStateException("the node refused its own transaction: " + s.admission());
    }
    try {
      s.sealed().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("a transaction was not sealed within 10 s: " + e, e);
    }
    return System.nanoTime() - start;
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** What a node signs in (b), in turn: the kinds of transaction a personal network issues. */
  private static final class TypicalIntents {
    private final Ed25519 engine;
    private final Random random = new Random(7);
    private int n;

    TypicalIntents(Ed25519 engine) {
      this.engine = engine;
    }

    TxPayload next() {
      int i = n++;
      return switch (i % 4) {
        case 0 -> new TxPayload.PolicyChanged("sync.max-peers", Integer.toString(i));
        case 1 -> new TxPayload.ModelPublished(i + 1, hex32(random));
        case 2 -> new TxPayload.KnowledgeCheckpoint(hex32(random), 1000L + i);
        default -> {
          byte[] seed = Sha256.digest(("bench-device-" + i).getBytes(StandardCharsets.UTF_8));
          NodeIdentity device = NodeIdentity.fromSeed(engine, seed);
          yield new TxPayload.DeviceAdmitted(
              device.deviceId(),
              HexFormat.of().formatHex(device.publicKey()),
              Role.SENSOR,
              "sensor " + i);
        }
      };
    }
  }

  // ---------------------------------------------------------------- the typical chain

  /** One Ed25519 signature of the chain, as the validator checks it. */
  record Signature(byte[] key, byte[] message, byte[] signature) {}

  /**
   * A chain as a household's ledger would grow it over years: three validators sealing in turn,
   * each block with 1 to 3 transactions: device management by the creator (30%: admissions of up to
   * {@value #TYPICAL_DEVICES} devices, then role changes), validator votes on admitted devices
   * (25%: cast and later withdrawn, so the validator set stays), model versions by a submind (20%)
   * and knowledge checkpoints by validators (25%).
   */
  record TypicalChain(List<LedgerBlock> blocks, int txs, Map<String, Integer> byType) {

    /** Devices admitted before device management turns to role changes: a generous household. */
    static final int TYPICAL_DEVICES = 100;

    static TypicalChain build(Ed25519 engine, int length, long seed) {
      Random random = new Random(seed);
      NodeIdentity creator = identity(engine, "creator");
      NodeIdentity v1 = identity(engine, "validator-1");
      NodeIdentity v2 = identity(engine, "validator-2");
      NodeIdentity submind = identity(engine, "submind");
      Map<DeviceId, NodeIdentity> validators = new HashMap<>();
      List.of(creator, v1, v2).forEach(v -> validators.put(v.deviceId(), v));
      long t0 = System.currentTimeMillis() - (length + 60L) * 1000;
      LedgerBlock genesis =
          Genesis.create(
              creator,
              "mother",
              t0,
              List.of(
                  Genesis.Member.of(v1, Role.USER, "laptop", true),
                  Genesis.Member.of(v2, Role.USER, "phone", true),
                  Genesis.Member.of(submind, Role.SUBMIND, "trainer", false)));
      LedgerState state = LedgerState.beforeGenesis(LedgerService.DEFAULT_PARAMS).apply(genesis);
      List<LedgerBlock> blocks = new ArrayList<>(List.of(genesis));
      Map<String, Integer> byType = new HashMap<>();
      List<NodeIdentity> voters = List.of(creator, v1, v2);
      List<List<DeviceId>> subjects =
          List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
      Map<DeviceId, DeviceId> liveVote = new HashMap<>();
      List<DeviceId> devices = new ArrayList<>();
      Set<DeviceId> sensors = new HashSet<>();
      long model = 0;
      long checkpoint = 0;
      int txs = 0;
      for (int h = 1; h < length; h++) {
        Map<DeviceId, Long> seqs = new HashMap<>();
        List<LedgerTx> blockTxs = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        for (int k = 0; k < count; k++) {
          int roll = random.nextInt(100);
          int voter = random.nextInt(3);
          NodeIdentity issuer;
          TxPayload payload;
          if (roll < 25
              && (liveVote.containsKey(voters.get(voter).deviceId())
                  || !subjects.get(voter).isEmpty())) {
            // Votes: each validator votes only on its own share of devices, so no vote passes.
            issuer = voters.get(voter);
            DeviceId live = liveVote.remove(issuer.deviceId());
            if (live != null) {
              payload = new TxPayload.ValidatorVote(live, false);
            } else {
              List<DeviceId> mine = subjects.get(voter);
              DeviceId subject = mine.get(random.nextInt(mine.size()));
              liveVote.put(issuer.deviceId(), subject);
              payload = new TxPayload.ValidatorVote(subject, true);
            }
          } else if (roll < 55) {
            issuer = creator;
            if (devices.size() < TYPICAL_DEVICES) {
              NodeIdentity device = identity(engine, "device-" + devices.size());
              payload =
                  new TxPayload.DeviceAdmitted(
                      device.deviceId(),
                      HexFormat.of().formatHex(device.publicKey()),
                      Role.USER,
                      "device " + devices.size());
              subjects.get(devices.size() % 3).add(device.deviceId());
              devices.add(device.deviceId());
            } else {
              // The household is complete: device management goes on as role changes.
              DeviceId device = devices.get(random.nextInt(devices.size()));
              Role role = sensors.add(device) ? Role.SENSOR : Role.USER;
              if (role == Role.USER) {
                sensors.remove(device);
              }
              payload = new TxPayload.RoleChanged(device, role);
            }
          } else if (roll < 75) {
            issuer = submind;
            payload = new TxPayload.ModelPublished(++model, hex32(random));
          } else {
            issuer = voters.get(voter);
            payload = new TxPayload.KnowledgeCheckpoint(hex32(random), 1000 + 7 * ++checkpoint);
          }
          long seq = seqs.getOrDefault(issuer.deviceId(), state.lastSeq(issuer.deviceId())) + 1;
          seqs.put(issuer.deviceId(), seq);
          blockTxs.add(LedgerTx.sign(issuer, seq, payload));
          byType.merge(payload.type().wireName(), 1, Integer::sum);
        }
        txs += blockTxs.size();
        NodeIdentity proposer = validators.get(state.inTurn(h));
        LedgerBlock block = BlockSealer.next(proposer, state, state.timestamp() + 1000, blockTxs);
        state = state.apply(block);
        blocks.add(block);
      }
      return new TypicalChain(List.copyOf(blocks), txs, byType);
    }

    /** Every signature a validator checks: each block's seal and each transaction's. */
    List<Signature> signatures() {
      HexFormat hex = HexFormat.of();
      List<Signature> all = new ArrayList<>();
      for (LedgerBlock b : blocks) {
        all.add(
            new Signature(
                hex.parseHex(b.key()), LedgerBlockCodec.signingBytes(b), hex.parseHex(b.seal())));
        for (LedgerTx tx : b.txs()) {
          all.add(
              new Signature(
                  hex.parseHex(tx.key()), TxCodec.signingBytes(tx), hex.parseHex(tx.sig())));
        }
      }
      return all;
    }

    String describe() {
      long bytes = blocks.stream().mapToLong(b -> LedgerBlockCodec.toJson(b).length()).sum();
      String mix =
          byType.entrySet().stream()
              .sorted(Map.Entry.comparingByKey())
              .map(e -> e.getKey() + " " + e.getValue())
              .reduce((a, b) -> a + ", " + b)
              .orElse("");
      return String.format(
          Locale.ROOT,
          "%d blocks with %d transactions after genesis (%.2f per block: %s),"
              + " %.0f bytes of JSON per block; 3 validators sealing in turn",
          blocks.size(),
          txs,
          txs / (double) (blocks.size() - 1),
          mix,
          bytes / (double) blocks.size());
    }

    private static NodeIdentity identity(Ed25519 engine, String name) {
      return NodeIdentity.fromSeed(
          engine, Sha256.digest(("ledger-bench:" + name).getBytes(StandardCharsets.UTF_8)));
    }
  }

  private static String hex32(Random random) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
