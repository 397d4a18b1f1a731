package ai.kiana.bench;

import ai.kiana.core.block.BlockAuthor;
import ai.kiana.core.block.BlockDraft;
import ai.kiana.core.block.BlockStore;
import ai.kiana.core.block.BlockVerifier;
import ai.kiana.core.block.KnowledgeBase;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.clock.HybridLogicalClock;
import ai.kiana.core.crypto.Ed25519;
import ai.kiana.core.crypto.Ed25519Engines;
import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.net.NetConfig;
import ai.kiana.net.PeerNetwork;
import ai.kiana.net.messages.EncryptionKey;
import ai.kiana.net.messages.Envelope;
import ai.kiana.net.messages.KeyAnnouncement;
import ai.kiana.net.messages.MessageLimits;
import ai.kiana.net.messages.Messenger;
import ai.kiana.net.messages.Signers;
import ai.kiana.net.peers.PeerRecord;
import ai.kiana.store.StoreConfig;
import ai.kiana.store.StoreFactory;
import ai.kiana.store.messages.SqlMessageStore;
import ai.kiana.store.sql.SqlBlockStore;
import ai.kiana.testkit.TestBlocks;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * End-to-end messages between real nodes (SQLite stores, TLS 1.3 on loopback), beside a baseline
 * measured in the same run:
 *
 * <ul>
 *   <li>a message sent on one node until stored decrypted at its connected recipient (p50), beside
 *       a block taught on one node until stored on its connected peer (the block push);
 *   <li>the same through a relay (A to C over B, all three up), beside the direct message;
 *   <li>sealing (HPKE + Ed25519 signature) and opening (verify + HPKE) one envelope, beside one
 *       Ed25519 signature over the same bytes.
 * </ul>
 *
 * <p>Usage: {@code MessageBench [--quick]}.
 */
public final class MessageBench {

  record Config(int samples, int cryptoOps) {
    static final Config DEFAULT = new Config(300, 2_000);
    static final Config QUICK = new Config(10, 50);
  }

  /** One node with its network and messenger on loopback. */
  record Node(NodeIdentity id, BlockStore store, KnowledgeBase kb, PeerNetwork net, Messenger msg)
      implements AutoCloseable {
    static Node open(Path dir, int device, Set<DeviceId> all) throws IOException {
      NodeIdentity id = TestBlocks.identity(device);
      BlockStore store = StoreFactory.open(StoreConfig.sqlite(dir.resolve("kiana.db")));
      BlockVerifier verifier = new BlockVerifier(Ed25519Engines.fastest());
      KnowledgeBase kb =
          new KnowledgeBase(
              store, new BlockAuthor(id, new HybridLogicalClock(Clock.systemUTC())), verifier);
      PeerNetwork net =
          new PeerNetwork(
              NetConfig.defaults("127.0.0.1", 0, "bench-" + device, null),
              id,
              store,
              kb,
              verifier,
              d -> false,
              all::contains,
              Clock.systemUTC());
      Messenger msg =
          new Messenger(
              id,
              EncryptionKey.loadOrCreate(dir.resolve("message.key")),
              new SqlMessageStore(((SqlBlockStore) store).database()),
              Signers.offline(Ed25519Engines.fastest()),
              net::trusted,
              Clock.systemUTC());
      net.addExtension(msg);
      net.start();
      return new Node(id, store, kb, net, msg);
    }

    void dial(Node other) {
      other.net.addPeer(new PeerRecord(id.deviceId(), "", null, "config", Instant.now()));
      net.addPeer(
          new PeerRecord(
              other.id.deviceId(), "", "127.0.0.1:" + other.net.port(), "config", Instant.now()));
    }

    @Override
    public void close() {
      net.close();
      store.close();
    }
  }

  public static void main(String[] args) throws Exception {
    Bench.quietLogs();
    Config config = Bench.quick(args) ? Config.QUICK : Config.DEFAULT;
    PrintStream out = System.out;
    Bench.header(out, "MessageBench" + (config == Config.QUICK ? " --quick" : ""));
    Path root = Bench.tempDir("kiana-messagebench");
    try {
      run(config, root, out);
    } finally {
      Bench.deleteTree(root);
    }
  }

  static void run(Config c, Path root, PrintStream out) throws Exception {
    Set<DeviceId> all = ConcurrentHashMap.newKeySet();
    for (int d = 1; d <= 3; d++) {
      all.add(TestBlocks.identity(d).deviceId());
    }
    try (Node a = Node.open(root.resolve("a"), 1, all);
        Node b = Node.open(root.resolve("b"), 2, all);
        Node cc = Node.open(root.resolve("c"), 3, all)) {
      a.dial(b);
      cc.dial(b); // a line: A - B - C, so A reaches C only through B
      await(() -> a.msg.knowsKey(cc.id.deviceId()) && a.msg.knowsKey(b.id.deviceId()));

      Map<String, Long> arrived = new ConcurrentHashMap<>();
      b.msg.onChange(v -> arrived.putIfAbsent(v.id(), System.nanoTime()));
      cc.msg.onChange(v -> arrived.putIfAbsent(v.id(), System.nanoTime()));
      Map<String, Long> stored = new ConcurrentHashMap<>();
      b.kb.addListener(
          blocks -> blocks.forEach(x -> stored.putIfAbsent(x.id().hex(), System.nanoTime())));

      // Interleaved, so load on the shared machine hits all three alike.
      long[] message = new long[c.samples()];
      long[] relayed = new long[c.samples()];
      long[] block = new long[c.samples()];
      for (int i = -c.samples() / 5; i < c.samples(); i++) { // the first fifth warms up
        long m = sample(arrived, () -> send(a, b, "probe"), Function.identity());
        long r = sample(arrived, () -> send(a, cc, "relayed probe"), Function.identity());
        long k =
            sample(
                stored,
                () -> a.kb.add(BlockDraft.fact("push probe " + System.nanoTime())),
                (KnowledgeBlock x) -> x.id().hex());
        if (i >= 0) {
          message[i] = m;
          relayed[i] = r;
          block[i] = k;
        }
      }
      Arrays.sort(message);
      Arrays.sort(relayed);
      Arrays.sort(block);

      double[] crypto = crypto(c.cryptoOps());
      Table t =
          new Table(
              "End-to-end messages, nodes on loopback (SQLite, TLS 1.3)",
              Table.left("measure"),
              Table.right("figure"),
              Table.left("baseline (same run)"),
              Table.right("baseline figure"),
              Table.right("ratio"));
      t.row(
          "message sent until stored at the recipient, p50",
          Table.nanos(message[message.length / 2]),
          "block push to a connected peer, p50",
          Table.nanos(block[block.length / 2]),
          Table.ratio(message[message.length / 2], block[block.length / 2]));
      t.row(
          "message sent until stored at the recipient, p99",
          Table.nanos(message[(int) (message.length * 0.99)]),
          "block push to a connected peer, p99",
          Table.nanos(block[(int) (block.length * 0.99)]),
          Table.ratio(message[(int) (message.length * 0.99)], block[(int) (block.length * 0.99)]));
      t.row(
          "message through one relay (A to C over B), p50",
          Table.nanos(relayed[relayed.length / 2]),
          "direct message, p50",
          Table.nanos(message[message.length / 2]),
          Table.ratio(relayed[relayed.length / 2], message[message.length / 2]));
      t.row(
          "seal one envelope (HPKE + sign)",
          Table.nanos(crypto[0]),
          "one Ed25519 signature",
          Table.nanos(crypto[2]),
          Table.ratio(crypto[0], crypto[2]));
      t.row(
          "open one envelope (verify + HPKE)",
          Table.nanos(crypto[1]),
          "one Ed25519 signature",
          Table.nanos(crypto[2]),
          Table.ratio(crypto[1], crypto[2]));
      t.note(
          c.samples()
              + " samples each, interleaved; a message is taken when the recipient has checked,"
              + " decrypted and stored it (its receipt is then on the way back).");
      t.print(out);
    }
  }

  static String send(Node from, Node to, String text) {
    return from.msg.send(to.id.deviceId(), text, MessageLimits.DEFAULT_TTL).id();
  }

  /** Time from the start of {@code action} until its key shows up in {@code seen}. */
  static <T> long sample(
      Map<String, Long> seen, java.util.function.Supplier<T> action, Function<T, String> key)
      throws InterruptedException {
    long t0 = System.nanoTime();
    String k = key.apply(action.get());
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!seen.containsKey(k) && System.nanoTime() < until) {
      Thread.onSpinWait();
    }
    Long at = seen.get(k);
    Thread.sleep(2);
    return at == null ? Long.MAX_VALUE : at - t0;
  }

  /** Mean nanoseconds of {seal, open, one signature}. */
  static double[] crypto(int ops) {
    Ed25519 ed = Ed25519Engines.fastest();
    NodeIdentity alice = TestBlocks.identity(1);
    NodeIdentity bob = TestBlocks.identity(2);
    EncryptionKey bobKey = EncryptionKey.generate();
    KeyAnnouncement ann = KeyAnnouncement.sign(bob, bobKey, 1);
    String text = "a typical short message between two devices of the same user";
    long now = System.currentTimeMillis();
    Envelope[] sealed = new Envelope[ops];
    for (int round = 0; round < 2; round++) { // the first round warms up
      long t0 = System.nanoTime();
      for (int i = 0; i < ops; i++) {
        sealed[i] = Envelope.seal(alice, ann, Envelope.newId(), now, now + 60_000, text);
      }
      long t1 = System.nanoTime();
      long sink = 0;
      for (int i = 0; i < ops; i++) {
        sink +=
            Envelope.verify(sealed[i].json().getBytes(StandardCharsets.UTF_8), Signers.offline(ed))
                .open(bobKey)
                .length();
      }
      long t2 = System.nanoTime();
      byte[] bytes = sealed[0].json().getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < ops; i++) {
        sink += alice.sign(bytes)[0];
      }
      long t3 = System.nanoTime();
      Measure.consume(sink);
      if (round == 1) {
        return new double[] {
          (t1 - t0) / (double) ops, (t2 - t1) / (double) ops, (t3 - t2) / (double) ops
        };
      }
    }
    throw new IllegalStateException("unreachable");
  }

  static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > until) {
        throw new IllegalStateException("the nodes did not connect and exchange keys in 30 s");
      }
      Thread.sleep(20);
    }
  }
}
