package ai.kiana.bench;

import ai.kiana.core.block.BlockAuthor;
import ai.kiana.core.block.BlockDraft;
import ai.kiana.core.block.BlockStore;
import ai.kiana.core.block.BlockVerifier;
import ai.kiana.core.block.KnowledgeBase;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.block.Verification;
import ai.kiana.core.clock.HybridLogicalClock;
import ai.kiana.core.crypto.Ed25519Engines;
import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.net.NetConfig;
import ai.kiana.net.PeerNetwork;
import ai.kiana.net.connections.Connection;
import ai.kiana.net.connections.DeviceTrust;
import ai.kiana.net.connections.Transport;
import ai.kiana.net.discover.LanDiscovery;
import ai.kiana.net.peers.PeerRecord;
import ai.kiana.net.sync.BlockIndex;
import ai.kiana.net.sync.reconcile.ItemKey;
import ai.kiana.net.sync.reconcile.ItemSet;
import ai.kiana.net.sync.reconcile.Range;
import ai.kiana.net.sync.reconcile.RangeCodec;
import ai.kiana.net.sync.reconcile.Reconciler;
import ai.kiana.store.StoreConfig;
import ai.kiana.store.StoreFactory;
import ai.kiana.testkit.TestBlocks;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Block sync between two real nodes (SQLite stores, TLS 1.3 on loopback), each figure beside a
 * baseline measured in the same run:
 *
 * <ul>
 *   <li>initial sync of N ~1 KB blocks, beside verifying and storing the same blocks locally (the
 *       floor the network path adds to);
 *   <li>reconciling two N-block sets that differ by 10: time and bytes, beside a naive exchange of
 *       all ids;
 *   <li>a block taught on one node until stored on its connected peer (p50), beside teaching alone;
 *   <li>connection set-up (TCP + TLS 1.3 + hello), beside a plain TCP connect and one round trip.
 * </ul>
 *
 * <p>Usage: {@code SyncBench [--quick]}.
 */
public final class SyncBench {

  record Config(int blocks, int latencySamples, int connectSamples, int discoverySamples) {
    static final Config DEFAULT = new Config(100_000, 200, 50, 5);
    static final Config QUICK = new Config(2_000, 10, 5, 1);
  }

  /** One node: store, knowledge base and sync network on loopback. */
  record BenchNode(NodeIdentity id, BlockStore store, KnowledgeBase kb, PeerNetwork net)
      implements AutoCloseable {
    static BenchNode open(Path dir, int device, Set<DeviceId> all) throws IOException {
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
      net.start();
      return new BenchNode(id, store, kb, net);
    }

    void dial(BenchNode other) {
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
    Bench.header(out, "SyncBench" + (config == Config.QUICK ? " --quick" : ""));
    Path root = Bench.tempDir("kiana-syncbench");
    try {
      run(config, root, out);
    } finally {
      Bench.deleteTree(root);
    }
  }

  static List<BlockDraft> drafts(int n, Random random) {
    List<BlockDraft> out = new ArrayList<>(n);
    StringBuilder filler = new StringBuilder();
    for (int i = 0; i < n; i++) {
      filler.setLength(0);
      while (filler.length() < 900) {
        filler.append(Long.toString(random.nextLong(), 36)).append(' ');
      }
      out.add(BlockDraft.fact("block " + i + ": " + filler));
    }
    return out;
  }

  static void run(Config c, Path root, PrintStream out) throws Exception {
    Set<DeviceId> all = ConcurrentHashMap.newKeySet();
    for (int d = 1; d <= 4; d++) {
      all.add(TestBlocks.identity(d).deviceId());
    }
    Random random = new Random(6);
    List<BlockDraft> drafts = drafts(c.blocks(), random);

    // --- setup: node 1 with N blocks ---
    BenchNode a = BenchNode.open(root.resolve("a"), 1, all);
    List<KnowledgeBlock> made = new ArrayList<>(c.blocks());
    for (int i = 0; i < drafts.size(); i += 10_000) {
      made.addAll(a.kb.addAll(drafts.subList(i, Math.min(drafts.size(), i + 10_000))));
    }
    long indexStart = System.nanoTime();
    BlockIndex rebuilt = BlockIndex.load(a.store);
    long indexNanos = System.nanoTime() - indexStart;
    long snapStart = System.nanoTime();
    rebuilt.snapshot();
    long snapNanos = System.nanoTime() - snapStart;

    // --- baseline: verify + store the same blocks locally, in batches like sync's ---
    BlockStore local = StoreFactory.open(StoreConfig.sqlite(root.resolve("local.db")));
    BlockVerifier verifier = new BlockVerifier(Ed25519Engines.fastest());
    long localCpu = processCpuNanos();
    long localStart = System.nanoTime();
    for (int i = 0; i < made.size(); i += 256) {
      List<KnowledgeBlock> batch = made.subList(i, Math.min(made.size(), i + 256));
      if (batch.parallelStream()
          .anyMatch(b -> verifier.verify(b) instanceof Verification.Invalid)) {
        throw new IllegalStateException("own block invalid");
      }
      local.putAll(batch);
    }
    double localRate = made.size() / ((System.nanoTime() - localStart) / 1e9);
    double localCpuPerBlock = (processCpuNanos() - localCpu) / (double) made.size();
    local.close();

    // --- (a) initial sync ---
    BenchNode b = BenchNode.open(root.resolve("b"), 2, all);
    long syncCpu = processCpuNanos();
    long syncStart = System.nanoTime();
    b.dial(a);
    long deadline = syncStart + Duration.ofMinutes(10).toNanos();
    while (b.net.index().size() < c.blocks() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    double syncSeconds = (System.nanoTime() - syncStart) / 1e9;
    double syncRate = b.net.index().size() / syncSeconds;
    double syncCpuPerBlock = (processCpuNanos() - syncCpu) / (double) b.net.index().size();
    boolean same = a.net.index().merkleRootHex().equals(b.net.index().merkleRootHex());

    // --- (b) reconcile N vs N+10 (in-process, the wire messages encoded) ---
    ItemSet base = a.net.index().snapshot();
    List<ItemKey> more = new ArrayList<>();
    for (int i = 0; i < base.size(); i++) {
      more.add(base.get(i));
    }
    for (int i = 0; i < 10; i++) {
      byte[] idb = new byte[32];
      random.nextBytes(idb);
      more.add(new ItemKey(base.get(random.nextInt(base.size())).time() + 1, idb));
    }
    ItemSet other = ItemSet.of(more);
    long[] recon = {0, 0, 0};
    long[] reconTimes = new long[7];
    for (int r = 0; r < reconTimes.length; r++) {
      long t0 = System.nanoTime();
      recon = reconcile(base, other);
      reconTimes[r] = System.nanoTime() - t0;
    }
    java.util.Arrays.sort(reconTimes);
    long[] naiveTimes = new long[7];
    long naiveBytes = 0;
    for (int r = 0; r < naiveTimes.length; r++) {
      long t0 = System.nanoTime();
      naiveBytes = naive(base, other);
      naiveTimes[r] = System.nanoTime() - t0;
    }
    java.util.Arrays.sort(naiveTimes);

    // --- (c) new block visible on the connected peer ---
    Map<String, Long> seen = new ConcurrentHashMap<>();
    b.kb.addListener(
        blocks -> blocks.forEach(x -> seen.putIfAbsent(x.id().hex(), System.nanoTime())));
    long[] visible = new long[c.latencySamples()];
    long[] teachOnly = new long[c.latencySamples()];
    for (int i = 0; i < c.latencySamples(); i++) {
      long t0 = System.nanoTime();
      KnowledgeBlock k = a.kb.add(BlockDraft.fact("latency probe " + i + " " + random.nextLong()));
      teachOnly[i] = System.nanoTime() - t0;
      long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!seen.containsKey(k.id().hex()) && System.nanoTime() < until) {
        Thread.onSpinWait();
      }
      Long at = seen.get(k.id().hex());
      visible[i] = at == null ? Long.MAX_VALUE : at - t0;
      Thread.sleep(5);
    }
    java.util.Arrays.sort(visible);
    java.util.Arrays.sort(teachOnly);

    // --- (e) LAN discovery: a node starts announcing until an already running one hears of it ---
    long[] discovery = discoveryTimes(c.discoverySamples());

    // --- (d) connection set-up ---
    long[] setup = connectTimes(c.connectSamples(), true);
    long[] plain = connectTimes(c.connectSamples(), false);

    a.close();
    b.close();

    Table t =
        new Table(
            "Block sync, two nodes on loopback (SQLite, WebSocket over TLS 1.3)",
            Table.left("measure"),
            Table.right("figure"),
            Table.left("baseline (same run)"),
            Table.right("baseline figure"),
            Table.right("ratio"));
    t.row(
        "initial sync " + String.format("%,d", c.blocks()) + " ~1 KB blocks, blocks/s",
        Table.rate(syncRate),
        "verify + store locally, blocks/s",
        Table.rate(localRate),
        Table.ratio(syncRate, localRate));
    t.row(
        "initial sync, CPU time per block (both nodes)",
        Table.nanos((long) syncCpuPerBlock),
        "verify + store locally, CPU per block",
        Table.nanos((long) localCpuPerBlock),
        Table.ratio(syncCpuPerBlock, localCpuPerBlock));
    t.row(
        "reconcile N vs N+10, time (median)",
        Table.nanos(reconTimes[reconTimes.length / 2]),
        "send all ids + diff, time",
        Table.nanos(naiveTimes[naiveTimes.length / 2]),
        Table.ratio(reconTimes[reconTimes.length / 2], naiveTimes[naiveTimes.length / 2]));
    t.row(
        "reconcile N vs N+10, bytes (" + recon[1] + " messages)",
        String.format("%,d", recon[0]),
        "send all ids, bytes",
        String.format("%,d", naiveBytes),
        Table.ratio(recon[0], naiveBytes));
    t.row(
        "new block visible on peer, p50",
        Table.nanos(visible[visible.length / 2]),
        "teach locally, p50",
        Table.nanos(teachOnly[teachOnly.length / 2]),
        Table.ratio(visible[visible.length / 2], teachOnly[teachOnly.length / 2]));
    t.row(
        "new block visible on peer, p99",
        Table.nanos(visible[(int) (visible.length * 0.99)]),
        "",
        "",
        "");
    t.row(
        "connection set-up (TCP + TLS 1.3 + WebSocket upgrade + hello), p50",
        Table.nanos(setup[setup.length / 2]),
        "TCP connect + 1 round trip, p50",
        Table.nanos(plain[plain.length / 2]),
        Table.ratio(setup[setup.length / 2], plain[plain.length / 2]));
    t.row(
        "new node on the LAN discovered (mDNS, loopback), p50",
        Table.nanos(discovery[0]),
        "its mDNS start + announce call, p50",
        Table.nanos(discovery[1]),
        Table.ratio(discovery[0], discovery[1]));
    t.row("index build from the store at open (N blocks)", Table.nanos(indexNanos), "", "", "");
    t.row("reconciliation snapshot of N keys", Table.nanos(snapNanos), "", "", "");
    t.note(
        "sync converged to equal Merkle roots: "
            + same
            + "; reconciliation found "
            + recon[2]
            + " differences (expected 10)");
    t.print(out);
  }

  /**
   * CPU time of the whole process (all threads, user + system): unlike rates, it does not depend
   * much on what else runs on the machine.
   */
  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Runs a full exchange; returns {bytes, messages, differences found}. */
  static long[] reconcile(ItemSet x, ItemSet y) {
    Reconciler rx = new Reconciler(x);
    Reconciler ry = new Reconciler(y);
    byte[] msg = RangeCodec.encode(rx.initiate());
    long bytes = msg.length;
    long messages = 1;
    Reconciler receiver = ry;
    while (true) {
      List<Range> answer = receiver.respond(RangeCodec.decode(msg));
      if (answer.isEmpty()) {
        break;
      }
      msg = RangeCodec.encode(answer);
      bytes += msg.length;
      messages++;
      receiver = receiver == ry ? rx : ry;
    }
    long found = rx.need().size() + rx.have().size() + ry.need().size() + ry.have().size();
    return new long[] {bytes, messages, found};
  }

  /** The naive protocol: one side sends every id, the other computes the difference. */
  static long naive(ItemSet x, ItemSet y) {
    byte[] wire = new byte[x.size() * 32];
    for (int i = 0; i < x.size(); i++) {
      System.arraycopy(x.get(i).id(), 0, wire, i * 32, 32);
    }
    Set<java.nio.ByteBuffer> theirs = new HashSet<>(x.size() * 2);
    for (int i = 0; i < wire.length; i += 32) {
      theirs.add(java.nio.ByteBuffer.wrap(wire, i, 32).slice());
    }
    int missing = 0;
    for (int i = 0; i < y.size(); i++) {
      if (!theirs.contains(java.nio.ByteBuffer.wrap(y.get(i).id()))) {
        missing++;
      }
    }
    Measure.consume(missing);
    return wire.length;
  }

  /** p50 of {time until heard, time of the start call} over fresh responders on loopback. */
  static long[] discoveryTimes(int samples) throws Exception {
    long[] heard = new long[samples];
    long[] started = new long[samples];
    InetAddress lo = InetAddress.getLoopbackAddress();
    for (int i = 0; i < samples; i++) {
      DeviceId listener = TestBlocks.identity(10 + 2 * i).deviceId();
      DeviceId newcomer = TestBlocks.identity(11 + 2 * i).deviceId();
      java.util.concurrent.CountDownLatch seen = new java.util.concurrent.CountDownLatch(1);
      long[] at = new long[1];
      try (LanDiscovery a =
          LanDiscovery.start(
              lo,
              listener,
              1000 + i,
              (d, addr) -> {
                if (d.equals(newcomer) && seen.getCount() > 0) {
                  at[0] = System.nanoTime();
                  seen.countDown();
                }
              })) {
        long t0 = System.nanoTime();
        try (LanDiscovery b = LanDiscovery.start(lo, newcomer, 2000 + i, (d, addr) -> {})) {
          started[i] = System.nanoTime() - t0;
          boolean ok = seen.await(30, java.util.concurrent.TimeUnit.SECONDS);
          heard[i] = ok ? at[0] - t0 : Long.MAX_VALUE;
        }
      }
    }
    java.util.Arrays.sort(heard);
    java.util.Arrays.sort(started);
    return new long[] {heard[samples / 2], started[samples / 2]};
  }

  static long[] connectTimes(int samples, boolean tls) throws Exception {
    NodeIdentity server = TestBlocks.identity(3);
    NodeIdentity client = TestBlocks.identity(4);
    DeviceTrust trust =
        new DeviceTrust() {
          @Override
          public boolean isTrusted(DeviceId device) {
            return true;
          }

          @Override
          public boolean pairingOpen() {
            return false;
          }
        };
    Transport st = new Transport(server, trust, "s");
    Transport ct = new Transport(client, trust, "c");
    long[] times = new long[samples + 3];
    try (ServerSocket ss = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          Thread.ofVirtual()
              .start(
                  () -> {
                    while (!ss.isClosed()) {
                      try {
                        Socket s = ss.accept();
                        if (tls) {
                          st.accept(s).connection().close();
                        } else {
                          InputStream in = s.getInputStream();
                          OutputStream o = s.getOutputStream();
                          o.write(in.read());
                          o.flush();
                          s.close();
                        }
                      } catch (IOException | RuntimeException e) {
                        return;
                      }
                    }
                  });
      for (int i = 0; i < times.length; i++) {
        long t0 = System.nanoTime();
        if (tls) {
          Connection conn = ct.dial("127.0.0.1", ss.getLocalPort(), server.deviceId(), null);
          times[i] = System.nanoTime() - t0;
          conn.close();
        } else {
          try (Socket s = new Socket("127.0.0.1", ss.getLocalPort())) {
            s.setTcpNoDelay(true);
            s.getOutputStream().write(1);
            s.getOutputStream().flush();
            s.getInputStream().read();
            times[i] = System.nanoTime() - t0;
          }
        }
      }
      ss.close();
      acceptor.join(1000);
    }
    long[] measured = java.util.Arrays.copyOfRange(times, 3, times.length);
    java.util.Arrays.sort(measured);
    return measured;
  }

  private SyncBench() {}
}
