package ai.kiana.net.messages;

import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.net.connections.Connection;
import ai.kiana.net.protocol.Frame;
import ai.kiana.net.protocol.MessageType;
import ai.kiana.net.protocol.ProtocolException;
import ai.kiana.store.messages.MessageRow;
import ai.kiana.store.messages.MessageRow.Role;
import ai.kiana.store.messages.SqlMessageStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The messaging side of the peer connections (docs/PROTOCOL.md, "End-to-end messages"): per
 * connected peer, what was offered and asked for; the handlers of the five message frames; the
 * checks an incoming envelope or receipt passes; relaying. {@link Messenger} is its public face.
 * Thread-safe: each connection's frames arrive on its own thread.
 */
final class MessageExchange {

  private static final Logger LOG = LoggerFactory.getLogger(MessageExchange.class);

  private final NodeIdentity identity;
  private final EncryptionKey key;
  private final SqlMessageStore store;
  private final Signers signers;
  private final Predicate<DeviceId> trusted;
  private final Clock clock;
  private final MessageCounters counters;
  private final Consumer<MessageView> notify;
  private final Map<DeviceId, Link> links = new ConcurrentHashMap<>();

  /** Message IDs asked for and not yet arrived, with the link asked. */
  private final Map<String, Link> fetching = new ConcurrentHashMap<>();

  MessageExchange(
      NodeIdentity identity,
      EncryptionKey key,
      SqlMessageStore store,
      Signers signers,
      Predicate<DeviceId> trusted,
      Clock clock,
      MessageCounters counters,
      Consumer<MessageView> notify) {
    this.identity = identity;
    this.key = key;
    this.store = store;
    this.signers = signers;
    this.trusted = trusted;
    this.clock = clock;
    this.counters = counters;
    this.notify = notify;
  }

  /** One connected peer: what we offered it and what we asked it for. */
  private record Link(Connection conn, Set<String> offered, Set<String> wanted) {
    Link(Connection conn) {
      this(conn, ConcurrentHashMap.newKeySet(), ConcurrentHashMap.newKeySet());
    }
  }

  /** Offers an envelope to its recipient if connected, else (for our own) to every peer. */
  void route(MessageRow row) {
    Link direct = links.get(new DeviceId(row.recipient()));
    if (direct != null) {
      offer(direct, List.of(row.id()));
    } else if (row.role() == Role.OUTBOX) {
      links.values().forEach(l -> offer(l, List.of(row.id())));
    }
  }

  private void offer(Link link, List<String> ids) {
    if (ids.isEmpty()) {
      return;
    }
    link.offered().addAll(ids);
    MessageFrames.lines(MessageType.MSG_OFFER, ids).forEach(link.conn()::send);
  }

  void connected(Connection c) {
    Link link = new Link(c);
    Link replaced = links.put(c.peer(), link);
    if (replaced != null) {
      forget(replaced);
    }
    long now = clock.millis();
    store.purgeExpired(now);
    List<String> keys = new ArrayList<>();
    for (String json : store.keys()) {
      // Verified when stored; a device revoked since is no longer vouched for.
      String device = ai.kiana.core.json.Json.parse(json).path("device").asText();
      if (trusted.test(new DeviceId(device)) || device.equals(identity.deviceId().hex())) {
        keys.add(json);
      }
    }
    MessageFrames.lines(MessageType.MSG_KEYS, keys).forEach(c::send);
    String peer = c.peer().hex();
    List<String> ids = new ArrayList<>();
    for (String state : List.of("pending", "sent")) {
      for (MessageRow r : store.inState(Role.OUTBOX, state)) {
        // Ours go to the recipient itself, or to this peer to keep while the recipient is away.
        if (r.expiresMs() > now
            && (r.recipient().equals(peer) || !links.containsKey(new DeviceId(r.recipient())))) {
          ids.add(r.id());
        }
      }
    }
    for (MessageRow r : store.forRecipient(peer, Role.RELAY, "held")) {
      ids.add(r.id());
    }
    offer(link, ids);
    List<String> receipts = store.receiptsFor(peer, now);
    MessageFrames.lines(MessageType.MSG_RECEIPTS, receipts).forEach(c::send);
  }

  void disconnected(Connection c) {
    Link link = links.get(c.peer());
    if (link != null && link.conn() == c) {
      links.remove(c.peer(), link);
      forget(link);
    }
  }

  /** What was asked of a link that is gone may be asked of another. */
  private void forget(Link link) {
    for (String id : link.wanted()) {
      fetching.remove(id, link);
    }
  }

  void received(Connection c, Frame f) {
    Link link = links.get(c.peer());
    if (link == null || link.conn() != c) {
      return; // a connection being replaced: its peer is served on the new one
    }
    try {
      switch (f.type()) {
        case MSG_KEYS -> onKeys(link, MessageFrames.lines(f));
        case MSG_OFFER -> onOffer(link, MessageFrames.ids(f));
        case MSG_WANT -> onWant(link, MessageFrames.ids(f));
        case MSG_ENVELOPE -> onEnvelope(link, f.payload());
        case MSG_RECEIPTS -> onReceipts(MessageFrames.lines(f));
        default -> throw Rejected.offence("unexpected " + f.type());
      }
    } catch (Rejected r) {
      counters.rejected(r);
      LOG.info(
          "event=message-rejected peer={} kind={} reason=\"{}\"",
          c.peer().shortForm(),
          r.kind(),
          r.getMessage());
      if (r.kind() == Rejected.Kind.OFFENCE) {
        throw new ProtocolException(r.getMessage());
      }
    } catch (ai.kiana.core.block.StoreException e) {
      // Not the peer's fault and nothing is lost: what was not stored is offered again on the
      // next connection. The connection itself stays up for block sync.
      LOG.warn(
          "event=message-store-failed peer={} type={} error=\"{}\"",
          c.peer().shortForm(),
          f.type(),
          e.getMessage());
    }
  }

  private void onKeys(Link from, List<String> lines) {
    Rejected declined = null;
    List<String> fresh = new ArrayList<>();
    for (String json : lines) {
      KeyAnnouncement a = KeyAnnouncement.verify(json, signers);
      if (!trusted.test(a.device())) {
        declined = Rejected.decline("key of unknown or revoked device " + a.device().shortForm());
        continue;
      }
      if (!a.device().equals(identity.deviceId())
          && store.putKey(a.device().hex(), a.json(), a.createdMs())) {
        fresh.add(a.json());
      }
    }
    // Passed on at once, so peers connected earlier learn keys that arrive later; only newer
    // announcements are stored and passed on, so this ends.
    for (Link l : links.values()) {
      if (l != from) {
        MessageFrames.lines(MessageType.MSG_KEYS, fresh).forEach(l.conn()::send);
      }
    }
    if (declined != null) {
      throw declined;
    }
  }

  private void onOffer(Link link, List<String> ids) {
    List<String> want = new ArrayList<>();
    List<String> receipts = new ArrayList<>();
    for (String id : ids) {
      if (store.seen(id)) {
        counters.duplicates.incrementAndGet();
        // A relay offering what arrived here already learns so and can drop its copy.
        store.get(id, Role.INBOX).map(MessageRow::receipt).ifPresent(receipts::add);
      } else if (link == fetching.merge(id, link, (asked, mine) -> live(asked) ? asked : mine)) {
        link.wanted().add(id);
        want.add(id);
      } else {
        counters.duplicates.incrementAndGet();
      }
    }
    MessageFrames.lines(MessageType.MSG_RECEIPTS, receipts).forEach(link.conn()::send);
    if (!want.isEmpty()) {
      link.conn().send(Frame.of(MessageType.MSG_WANT, String.join("\n", want).getBytes(UTF8)));
    }
  }

  private boolean live(Link l) {
    return l.conn().isOpen() && links.get(l.conn().peer()) == l;
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;

  private void onWant(Link link, List<String> ids) {
    for (String id : ids) {
      if (!link.offered().remove(id)) {
        throw Rejected.offence("asked for message " + id + ", which was not offered");
      }
    }
    long now = clock.millis();
    for (String id : ids) {
      Optional<MessageRow> r = store.get(id, Role.OUTBOX).or(() -> store.get(id, Role.RELAY));
      if (r.isEmpty() || r.get().envelope() == null || r.get().expiresMs() <= now) {
        continue; // delivered or expired meanwhile: the receipt travels instead
      }
      link.conn().send(Frame.of(MessageType.MSG_ENVELOPE, r.get().envelope().getBytes(UTF8)));
      if (r.get().role() == Role.OUTBOX) {
        store.setState(id, Role.OUTBOX, "pending", "sent");
      }
    }
  }

  private void onEnvelope(Link link, byte[] payload) {
    Envelope env = Envelope.verify(payload, signers);
    if (!link.wanted().remove(env.id())) {
      throw Rejected.offence("envelope " + env.id() + " was not asked for (a replay?)");
    }
    try {
      accept(env);
    } finally {
      fetching.remove(env.id(), link);
    }
  }

  private void accept(Envelope env) {
    long now = clock.millis();
    if (env.createdMs() > now + MessageLimits.MAX_CLOCK_SKEW.toMillis()) {
      throw Rejected.decline("envelope " + env.id() + " was created in the future");
    }
    if (env.expiresMs() <= now) {
      throw Rejected.decline("envelope " + env.id() + " has expired");
    }
    if (!trusted.test(env.from())) {
      throw Rejected.decline("envelope from unknown or revoked device " + env.from().shortForm());
    }
    if (env.to().equals(identity.deviceId())) {
      String text = env.open(key);
      Receipt receipt = Receipt.sign(identity, env, now);
      MessageRow row = Messenger.row(env, Role.INBOX, text, "received", receipt.json());
      if (!store.insert(row)) {
        counters.duplicates.incrementAndGet();
        return;
      }
      counters.received.incrementAndGet();
      // Every peer gets it: the sender if connected, and relays that still hold a copy.
      for (Link l : links.values()) {
        l.conn().send(Frame.of(MessageType.MSG_RECEIPTS, receipt.json().getBytes(UTF8)));
      }
      MessageView v = Messenger.view(row, now);
      notify.accept(v);
      return;
    }
    if (!trusted.test(env.to())) {
      throw Rejected.decline("envelope for unknown or revoked device " + env.to().shortForm());
    }
    SqlMessageStore.Usage used = store.relayUsage(env.to().hex());
    if (used.envelopes() >= MessageLimits.RELAY_MAX_ENVELOPES
        || used.bytes() + env.size() > MessageLimits.RELAY_MAX_BYTES) {
      store.purgeExpired(now);
      used = store.relayUsage(env.to().hex());
      if (used.envelopes() >= MessageLimits.RELAY_MAX_ENVELOPES
          || used.bytes() + env.size() > MessageLimits.RELAY_MAX_BYTES) {
        throw Rejected.decline("relay quota for " + env.to().shortForm() + " is full");
      }
    }
    MessageRow row = Messenger.row(env, Role.RELAY, null, "held");
    if (store.insert(row)) {
      counters.relayed.incrementAndGet();
      route(row);
    }
  }

  private void onReceipts(List<String> lines) {
    for (String json : lines) {
      Receipt r = Receipt.verify(json, signers);
      if (r.to().equals(identity.deviceId())) {
        Optional<MessageRow> out = store.get(r.id(), Role.OUTBOX);
        if (out.isPresent()
            && out.get().recipient().equals(r.from().hex())
            && store.delivered(r.id(), Role.OUTBOX, clock.millis(), r.json())) {
          counters.delivered.incrementAndGet();
          MessageView v =
              Messenger.view(store.get(r.id(), Role.OUTBOX).orElseThrow(), clock.millis());
          notify.accept(v);
        }
        continue;
      }
      Optional<MessageRow> relayed = store.get(r.id(), Role.RELAY);
      if (relayed.isPresent()
          && relayed.get().recipient().equals(r.from().hex())
          && store.delivered(r.id(), Role.RELAY, clock.millis(), r.json())) {
        Link sender = links.get(r.to());
        if (sender != null) {
          sender.conn().send(Frame.of(MessageType.MSG_RECEIPTS, r.json().getBytes(UTF8)));
        }
      }
    }
  }
}
