package ai.kiana.net.sync;

import ai.kiana.core.block.BlockCodec;
import ai.kiana.core.block.BlockId;
import ai.kiana.core.block.BlockStore;
import ai.kiana.core.block.KnowledgeBase;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.identity.DeviceId;
import ai.kiana.net.connections.Connection;
import ai.kiana.net.protocol.Frame;
import ai.kiana.net.protocol.MessageType;
import ai.kiana.net.protocol.ProtocolException;
import ai.kiana.net.protocol.SyncFilter;
import ai.kiana.net.sync.reconcile.ItemKey;
import ai.kiana.net.sync.reconcile.RangeCodec;
import ai.kiana.net.sync.reconcile.ReconcileFormatException;
import ai.kiana.net.sync.reconcile.Reconciler;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Block sync with one peer over one connection (docs/PROTOCOL.md, "Sync protocol"). The dialling
 * side starts reconciliations; either side announces new blocks with HAVE; all block data is pulled
 * with WANT, at most {@link #DEFAULT_IN_FLIGHT} batches of {@link #DEFAULT_BATCH} blocks requested
 * or not yet stored at a time, which is the back-pressure: a peer never receives blocks it did not
 * ask for. Every received block passes {@link BlockAdmission} before it is stored; forged or
 * unrequested data counts as an offence, and {@link #DEFAULT_MAX_OFFENCES} end the connection.
 *
 * <p>Received batches go through an {@link IntakePipeline} so the link, verification and the store
 * work at the same time: the reading thread only splits a batch, its blocks are checked in
 * parallel, and the batches are stored in the order they came, each in one transaction. The {@link
 * WantWindow} keeps count of what is asked for.
 *
 * <p>State is guarded by the session's lock; the connection's reading thread runs {@link #run}.
 */
public final class SyncSession {

  public static final int DEFAULT_BATCH = 256;
  public static final int DEFAULT_IN_FLIGHT = 8;
  public static final int DEFAULT_MAX_OFFENCES = 3;
  public static final int MAX_KEYS_PER_MESSAGE = 10_000;

  /**
   * What a session needs from its node; {@code ownBlocksOnly} names the devices that sync only the
   * blocks they wrote (they may write but not read), whatever their hello says they follow.
   */
  public record Host(
      BlockStore store,
      KnowledgeBase knowledge,
      BlockIndex index,
      BlockAdmission admission,
      Clock clock,
      DeviceId self,
      Predicate<DeviceId> ownBlocksOnly) {}

  /** Sees every frame before the session handles it (ledger frames, permissions, the halt). */
  public interface FrameHook {
    /**
     * @return the frame for the session to handle, possibly rewritten, or null if consumed
     * @throws ProtocolException for a malformed or unexpected frame (an offence)
     */
    Frame intercept(Frame frame);
  }

  private volatile FrameHook hook;
  private final Connection conn;
  private final Host host;
  private final PeerCounters counters;
  private final ai.kiana.net.connections.RateLimit rate;
  private final WantWindow window; // guarded by this session's lock
  private final IntakePipeline intake = new IntakePipeline();
  private volatile long lastHeardNanos = System.nanoTime();

  /** Blocks from this peer being stored right now: {@link #announce} skips them. */
  private final Set<BlockId> storingFromPeer = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private int offences;
  private Reconciler reconciler;
  private boolean initiatedExchange;
  private final Consumer<SyncSession> onExchangeDone;

  /** Frames of other features on this connection (end-to-end messages); they throw for offences. */
  private volatile Consumer<Frame> others =
      f -> {
        throw new ProtocolException("unexpected " + f.type());
      };

  /** What both sides follow: the only blocks this session reconciles, offers and hands out. */
  private final SharedFilter shared;

  public SyncSession(
      Connection conn, Host host, PeerCounters counters, Consumer<SyncSession> onExchangeDone) {
    this.conn = conn;
    this.host = host;
    this.counters = counters;
    this.onExchangeDone = onExchangeDone;
    this.shared =
        SharedFilter.of(
            host.self(),
            follows(host.self(), conn.ownFollow()),
            conn.peer(),
            follows(conn.peer(), conn.peerFollow()));
    this.window = new WantWindow(conn);
    this.rate =
        new ai.kiana.net.connections.RateLimit(
            ai.kiana.net.connections.RateLimit.DEFAULT_PER_SECOND,
            ai.kiana.net.connections.RateLimit.DEFAULT_BURST);
  }

  /** Both sides compute this alike (each knows both roles), so their fingerprints agree. */
  private SyncFilter follows(DeviceId device, SyncFilter said) {
    return host.ownBlocksOnly().test(device) ? SyncFilter.OWN_BLOCKS_ONLY : said;
  }

  public Connection connection() {
    return conn;
  }

  /** Installs the hook; call before {@link #run}. */
  public void hook(FrameHook hook) {
    this.hook = hook;
  }

  /**
   * Routes the frames this session does not handle itself to {@code handler}, which throws {@link
   * ProtocolException} or {@link IllegalArgumentException} for an offence. Set before {@link #run}.
   */
  public void others(Consumer<Frame> handler) {
    this.others = handler;
  }

  /** Starts a reconciliation unless one this side started is still running. */
  public synchronized boolean startExchange() {
    if (initiatedExchange || !conn.isOpen()) {
      return false;
    }
    initiatedExchange = true;
    reconciler = new Reconciler(host.index().snapshot(shared));
    conn.send(Frame.of(MessageType.RECONCILE_START, RangeCodec.encode(reconciler.initiate())));
    return true;
  }

  public synchronized boolean exchangeRunning() {
    return initiatedExchange;
  }

  /** Tells the peer about blocks just stored here, except those it has just sent us. */
  public void announce(List<KnowledgeBlock> blocks) {
    List<ItemKey> keys = new ArrayList<>(blocks.size());
    for (KnowledgeBlock b : blocks) {
      if (shared.matches(b) && !storingFromPeer.contains(b.id())) {
        keys.add(ItemKey.of(b));
      }
    }
    sendHave(keys);
  }

  /** When the peer last sent anything (System.nanoTime). */
  public long lastHeardNanos() {
    return lastHeardNanos;
  }

  public void ping() {
    conn.send(
        Frame.of(MessageType.PING, ByteBuffer.allocate(8).putLong(System.nanoTime()).array()));
  }

  /** Reads and handles frames until the connection ends. */
  public void run() {
    try {
      readLoop();
    } finally {
      intake.finish();
    }
  }

  private void readLoop() {
    try {
      while (conn.isOpen()) {
        Frame f = conn.read();
        lastHeardNanos = System.nanoTime();
        if (!rate.tryTake()) {
          conn.close(
              ai.kiana.net.connections.WebSocketException.POLICY_VIOLATION, "rate limit exceeded");
          counters.offence("flooding");
          return;
        }
        try {
          handle(f);
        } catch (ProtocolException | ReconcileFormatException | IllegalArgumentException e) {
          offence(f.type() + ": " + e.getMessage());
        }
      }
    } catch (ProtocolException e) {
      // The stream cannot be trusted after a bad frame header: no resync, just leave.
      counters.offence(e.getMessage());
      conn.close(e.getMessage());
    } catch (EOFException e) {
      conn.close("peer closed the connection");
    } catch (IOException e) {
      conn.close("connection lost: " + e.getMessage());
    }
  }

  private void handle(Frame frame) {
    FrameHook h = hook;
    Frame f = h == null ? frame : h.intercept(frame);
    if (f == null) {
      return;
    }
    switch (f.type()) {
      case PING -> conn.send(Frame.of(MessageType.PONG, f.payload()));
      case PONG -> {
        if (f.payload().length == 8) {
          counters.rtt(System.nanoTime() - ByteBuffer.wrap(f.payload()).getLong());
        }
      }
      case BYE -> conn.close("peer said bye: " + new String(f.payload(), StandardCharsets.UTF_8));
      case HELLO -> throw new ProtocolException("hello after the handshake");
      case RECONCILE_START -> onReconcile(f.payload(), true);
      case RECONCILE -> onReconcile(f.payload(), false);
      case RECONCILE_DONE -> exchangeOver();
      case HAVE -> onHave(KeyCodec.decodeKeys(f.payload(), MAX_KEYS_PER_MESSAGE));
      case WANT -> onWant(KeyCodec.decodeIds(f.payload(), DEFAULT_BATCH));
      case BLOCKS -> onBlocks(f.payload());
      default -> others.accept(f);
    }
  }

  private synchronized void onReconcile(byte[] payload, boolean start) {
    if (start) {
      if (conn.outbound()) {
        throw new ProtocolException("only the dialling side starts reconciliations");
      }
      reconciler = new Reconciler(host.index().snapshot(shared));
    } else if (reconciler == null) {
      throw new ProtocolException("reconciliation message outside an exchange");
    }
    var answer = reconciler.respond(RangeCodec.decode(payload));
    sendHave(reconciler.drainHave());
    window.enqueue(reconciler.drainNeed());
    if (answer.isEmpty()) {
      conn.send(Frame.of(MessageType.RECONCILE_DONE, new byte[0]));
      exchangeOver();
    } else {
      conn.send(Frame.of(MessageType.RECONCILE, RangeCodec.encode(answer)));
    }
  }

  private synchronized void exchangeOver() {
    reconciler = null;
    if (initiatedExchange) {
      initiatedExchange = false;
      counters.synced(host.clock().instant());
      onExchangeDone.accept(this);
    }
  }

  private synchronized void onHave(List<ItemKey> keys) {
    List<ItemKey> missing = new ArrayList<>();
    for (ItemKey k : keys) {
      if (!host.index().contains(k)) {
        missing.add(k);
      }
    }
    window.enqueue(missing);
  }

  private void onWant(List<BlockId> ids) {
    // Sent as stored: canonical JSON read in one query, neither decoded nor re-encoded here.
    StringBuilder lines = new StringBuilder(ids.size() * 1400);
    int n = 0;
    for (BlockStore.StoredJson b : host.store().jsonOf(ids)) {
      // Only a connection that carries a subset pays for decoding, to check tags and time.
      if (shared.everything() || shared.matches(BlockCodec.fromJson(b.json()))) {
        if (n++ > 0) {
          lines.append('\n');
        }
        lines.append(b.json());
      }
    }
    counters.blocksOut.addAndGet(n);
    conn.send(Frame.of(MessageType.BLOCKS, lines.toString().getBytes(StandardCharsets.UTF_8)));
  }

  private void onBlocks(byte[] payload) {
    synchronized (this) {
      window.blocksArrived();
    }
    List<byte[]> lines = BlocksPayload.lines(payload);
    if (lines.size() > DEFAULT_BATCH) {
      batchDone();
      throw new ProtocolException("more blocks than asked for");
    }
    intake.submit(
        lines,
        host.admission()::check,
        (verdicts, error) -> {
          try {
            if (error != null) {
              conn.close("verifying blocks failed: " + error.getMessage());
            } else {
              admit(verdicts);
            }
          } catch (RuntimeException e) {
            conn.close("storing blocks failed: " + e.getMessage());
          } finally {
            batchDone();
          }
        });
  }

  /** Stores what verified and was asked for; counts the rest. Runs on the store stage, in order. */
  private void admit(List<BlockAdmission.Verdict> verdicts) {
    List<KnowledgeBlock> accepted = new ArrayList<>(verdicts.size());
    String firstInvalid = null;
    synchronized (this) {
      for (BlockAdmission.Verdict v : verdicts) {
        switch (v) {
          case BlockAdmission.Verdict.Accept a
              when window.wasRequested(a.block().id()) && !shared.matches(a.block()) -> {
            // Only HAVE keys could lead here (they carry no tags): not followed, no offence.
            window.declined(a.block().id());
            counters.declined.incrementAndGet();
          }
          case BlockAdmission.Verdict.Accept a -> {
            if (window.delivered(a.block().id())) {
              accepted.add(a.block());
            } else if (firstInvalid == null) {
              firstInvalid = "block " + a.block().id().shortForm() + " was not asked for";
            }
          }
          case BlockAdmission.Verdict.Decline d -> counters.declined.incrementAndGet();
          case BlockAdmission.Verdict.Invalid i -> {
            if (firstInvalid == null) {
              firstInvalid = i.reason();
            }
          }
        }
      }
    }
    if (!accepted.isEmpty()) {
      List<BlockId> ids = accepted.stream().map(KnowledgeBlock::id).toList();
      // Storing announces the blocks to every peer (on this thread); not back to this one.
      storingFromPeer.addAll(ids);
      try {
        host.knowledge().storeVerified(accepted);
      } finally {
        ids.forEach(storingFromPeer::remove);
        // Only now, with the blocks in the index, may a HAVE or reconciliation ask for them again
        // (the reading thread handles those while this stage stores).
        synchronized (this) {
          window.stored(ids);
        }
      }
      counters.blocksIn.addAndGet(accepted.size());
    }
    if (firstInvalid != null) {
      offence(firstInvalid);
    }
  }

  private synchronized void batchDone() {
    window.batchDone();
  }

  private void sendHave(List<ItemKey> keys) {
    for (int i = 0; i < keys.size(); i += MAX_KEYS_PER_MESSAGE) {
      List<ItemKey> part = keys.subList(i, Math.min(keys.size(), i + MAX_KEYS_PER_MESSAGE));
      conn.send(Frame.of(MessageType.HAVE, KeyCodec.encodeKeys(part)));
    }
  }

  private void offence(String reason) {
    counters.offence(reason);
    boolean tooMany;
    synchronized (this) {
      tooMany = ++offences >= DEFAULT_MAX_OFFENCES;
    }
    if (tooMany) {
      conn.close(
          ai.kiana.net.connections.WebSocketException.POLICY_VIOLATION,
          "too many invalid messages, last: " + reason);
    }
  }

  /** Whether every block asked for has arrived and nothing waits to be asked for. */
  public synchronized boolean idle() {
    return window.idle() && reconciler == null && !initiatedExchange;
  }
}
