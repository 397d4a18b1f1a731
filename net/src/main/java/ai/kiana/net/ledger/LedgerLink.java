package ai.kiana.net.ledger;

import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.ledger.engine.LedgerBus;
import ai.kiana.core.ledger.engine.LedgerMessage;
import ai.kiana.net.connections.Connection;
import ai.kiana.net.protocol.Frame;
import ai.kiana.net.protocol.PeerPermission;
import ai.kiana.net.protocol.ProtocolException;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The device ledger over the peer connections: the {@link LedgerBus} of the node's ledger engine
 * (its gossip, status and catch-up messages become LEDGER_* frames to the connected peers) and the
 * receiving end of those frames, plus the join that makes a newly paired device adopt the network's
 * ledger. Ledger frames flow while the node is halted, so that a resume can arrive. Thread-safe.
 */
public final class LedgerLink implements LedgerBus {

  /** How long a joining device waits for the inviting node's answer. */
  public static final Duration DEFAULT_JOIN_TIMEOUT = Duration.ofSeconds(15);

  private final LedgerEndpoint endpoint;
  private final Function<DeviceId, Connection> connection;
  private final Supplier<Collection<Connection>> connections;
  private final BiPredicate<DeviceId, PeerPermission> allowed;
  private final Consumer<DeviceId> unpair;
  // Devices that redeemed a pairing secret here and have not asked to join yet.
  private final Set<DeviceId> pairedHere = ConcurrentHashMap.newKeySet();
  private final Map<DeviceId, CompletableFuture<LedgerWire.JoinAnswer>> joins =
      new ConcurrentHashMap<>();
  // Peers whose last status named another network: their ledger frames are ignored, ours not sent.
  private final Set<DeviceId> foreign = ConcurrentHashMap.newKeySet();

  /**
   * @param connection the open connection to a peer, or null
   * @param connections every open connection
   * @param allowed whether this node acts on (and sends) frames of a permission for a peer now
   * @param unpair forgets a device that paired here but may not join this network
   */
  public LedgerLink(
      LedgerEndpoint endpoint,
      Function<DeviceId, Connection> connection,
      Supplier<Collection<Connection>> connections,
      BiPredicate<DeviceId, PeerPermission> allowed,
      Consumer<DeviceId> unpair) {
    this.unpair = unpair;
    this.endpoint = endpoint;
    this.connection = connection;
    this.connections = connections;
    this.allowed = allowed;
  }

  @Override
  public void broadcast(DeviceId from, LedgerMessage message) {
    Frame frame = encode(message);
    for (Connection c : connections.get()) {
      if (sendsTo(c.peer())) {
        c.send(frame);
      }
    }
  }

  private boolean sendsTo(DeviceId peer) {
    return !foreign.contains(peer) && allowed.test(peer, PeerPermission.LEDGER);
  }

  private Frame encode(LedgerMessage message) {
    return LedgerWire.encode(message, endpoint.genesisHash());
  }

  @Override
  public void send(DeviceId from, DeviceId to, LedgerMessage message) {
    Connection c = connection.apply(to);
    if (c != null && sendsTo(to)) {
      c.send(encode(message));
    }
  }

  /** A device redeemed a pairing secret here: it may ask to be admitted once. */
  public void paired(DeviceId device) {
    pairedHere.add(device);
  }

  /**
   * A connection is up: tells the peer this node's head, so either side that is behind catches up
   * at once. Not to a device that has just paired: its ledger is not this network's yet.
   */
  public void connected(Connection c) {
    foreign.remove(c.peer()); // until its status says otherwise
    if (!pairedHere.contains(c.peer()) && allowed.test(c.peer(), PeerPermission.LEDGER)) {
      c.send(encode(endpoint.status()));
    }
  }

  /**
   * Whether a knowledge block of {@code block.author()} may still be accepted although the ledger
   * revoked its author: only if it was made before the revocation.
   */
  public boolean madeBeforeRevocation(KnowledgeBlock block) {
    return block.created().millis() < endpoint.revokedAtMillis(block.author());
  }

  /**
   * A ledger frame from {@code c}'s peer.
   *
   * @throws ProtocolException if it is malformed or unexpected (an offence)
   */
  public void handle(Connection c, Frame frame) {
    DeviceId peer = c.peer();
    switch (frame.type()) {
      case LEDGER_JOIN -> {
        LedgerWire.Join join = LedgerWire.decodeJoin(frame);
        boolean paired = pairedHere.remove(peer);
        LedgerWire.JoinAnswer answer;
        try {
          answer = endpoint.admit(peer, join, paired);
        } catch (RuntimeException e) {
          // A ledger that is slow or failing must still get the joining device an answer.
          answer = LedgerWire.JoinAnswer.refuse("this device's ledger failed: " + e.getMessage());
        }
        c.send(LedgerWire.encodeAnswer(answer));
        if (answer.genesis() != null) {
          c.send(encode(endpoint.status()));
        } else if (paired) {
          unpair.accept(peer); // its connection ends on the next tick, after the answer went out
        }
      }
      case LEDGER_GENESIS -> {
        CompletableFuture<LedgerWire.JoinAnswer> waiting = joins.remove(peer);
        if (waiting == null) {
          throw new ProtocolException("a ledger genesis that was not asked for");
        }
        waiting.complete(LedgerWire.decodeAnswer(frame));
      }
      case LEDGER_STATUS -> {
        if (LedgerWire.genesisOf(frame).equals(endpoint.genesisHash())) {
          foreign.remove(peer);
          endpoint.receive(peer, LedgerWire.decode(frame));
        } else {
          foreign.add(peer);
        }
      }
      default -> {
        if (!foreign.contains(peer)) {
          endpoint.receive(peer, LedgerWire.decode(frame));
        }
      }
    }
  }

  /**
   * Joins the network of the device at the other end of {@code c} (which this device has just
   * paired with): asks for its genesis, adopts it and announces this node's head, after which the
   * engines' catch-up brings the rest of the chain.
   *
   * @throws LedgerJoinException if the other device refuses, does not answer, or this device's own
   *     ledger cannot be given up
   */
  public void join(Connection c, Duration timeout) {
    CompletableFuture<LedgerWire.JoinAnswer> answer = new CompletableFuture<>();
    joins.put(c.peer(), answer);
    c.send(LedgerWire.encodeJoin(endpoint.joinRequest()));
    LedgerWire.JoinAnswer a;
    try {
      a = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      throw new LedgerJoinException(
          c.peer().shortForm()
              + " did not send its ledger within "
              + timeout.toSeconds()
              + " s; pair again");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LedgerJoinException("interrupted while joining the ledger");
    } finally {
      joins.remove(c.peer(), answer);
    }
    if (a.refused() != null) {
      throw new LedgerJoinException(
          c.peer().shortForm() + " refused to admit this device to its ledger: " + a.refused());
    }
    try {
      endpoint.adopt(a.genesis());
    } catch (RuntimeException e) {
      throw new LedgerJoinException(e.getMessage());
    }
    foreign.clear(); // this node's network changed; statuses will tell again
    broadcast(null, endpoint.status());
  }
}
