package ai.kiana.net.messages;

import ai.kiana.core.crypto.Ed25519;
import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.net.PeerExtension;
import ai.kiana.net.connections.Connection;
import ai.kiana.net.protocol.Frame;
import ai.kiana.net.protocol.MessageType;
import ai.kiana.net.protocol.ProtocolException;
import ai.kiana.store.messages.MessageRow;
import ai.kiana.store.messages.MessageRow.Role;
import ai.kiana.store.messages.SqlMessageStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * End-to-end messages between the user's devices (docs/PROTOCOL.md, "End-to-end messages"): sends
 * envelopes to a connected recipient, or hands them to every connected peer to keep for it while it
 * is offline; relays envelopes it keeps to their recipient when it connects; decrypts what is
 * addressed here and answers with a signed receipt, which travels back and lets relays drop their
 * copies. Envelope data is only sent in answer to a MSG_WANT, and a node asks only for message IDs
 * it has never seen, so duplicates are suppressed on every hop and an envelope nobody asked for (a
 * replay) is an offence.
 *
 * <p>Works without a running network too: messages sent then wait in the outbox. Thread-safe.
 */
public final class Messenger implements PeerExtension {

  private static final Logger LOG = LoggerFactory.getLogger(Messenger.class);

  private final NodeIdentity identity;
  private final EncryptionKey key;
  private final SqlMessageStore store;
  private final Ed25519 ed25519;
  private final Predicate<DeviceId> trusted;
  private final Clock clock;
  private final KeyAnnouncement own;
  private final Map<DeviceId, Link> links = new ConcurrentHashMap<>();

  /** Message IDs asked for and not yet arrived, with the link asked. */
  private final Map<String, Link> fetching = new ConcurrentHashMap<>();

  private final List<Consumer<MessageView>> listeners = new CopyOnWriteArrayList<>();
  private final MessageCounters counters = new MessageCounters();

  /** Announcements whose signature was checked, by their JSON: sending does not verify again. */
  private final Map<String, KeyAnnouncement> verifiedKeys = new ConcurrentHashMap<>();

  /** One connected peer: what we offered it and what we asked it for. */
  private record Link(Connection conn, Set<String> offered, Set<String> wanted) {
    Link(Connection conn) {
      this(conn, ConcurrentHashMap.newKeySet(), ConcurrentHashMap.newKeySet());
    }
  }

  /**
   * @param trusted whether a device speaks for this user (known and not revoked); messages from or
   *     to others are refused
   */
  public Messenger(
      NodeIdentity identity,
      EncryptionKey key,
      SqlMessageStore store,
      Ed25519 ed25519,
      Predicate<DeviceId> trusted,
      Clock clock) {
    this.identity = identity;
    this.key = key;
    this.store = store;
    this.ed25519 = ed25519;
    this.trusted = trusted;
    this.clock = clock;
    this.own = ownAnnouncement();
  }

  /** The stored announcement of this device's key, or a new one if the key changed. */
  private KeyAnnouncement ownAnnouncement() {
    Optional<KeyAnnouncement> stored =
        store.key(identity.deviceId().hex()).map(j -> KeyAnnouncement.verify(j, ed25519));
    if (stored.isPresent() && java.util.Arrays.equals(stored.get().encKey(), key.publicKey())) {
      return stored.get();
    }
    KeyAnnouncement a = KeyAnnouncement.sign(identity, key, clock.millis());
    store.putKey(a.device().hex(), a.json(), a.createdMs());
    return a;
  }

  public KeyAnnouncement announcement() {
    return own;
  }

  /** Whether a signed encryption key of {@code device} has reached this node. */
  public boolean knowsKey(DeviceId device) {
    return store.key(device.hex()).isPresent();
  }

  public MessageCounters counters() {
    return counters;
  }

  /** Called for every message received here and every receipt for a message sent from here. */
  public void onChange(Consumer<MessageView> listener) {
    listeners.add(listener);
  }

  /**
   * Encrypts and signs {@code text} for {@code to} and sends it now or as soon as it or a relay is
   * connected.
   *
   * @throws MessageException if the device is unknown or revoked, its key is not known yet, or the
   *     text is too long
   */
  public MessageView send(DeviceId to, String text, Duration ttl) {
    if (to.equals(identity.deviceId()) || !trusted.test(to)) {
      throw new MessageException(
          MessageException.Kind.UNKNOWN_DEVICE,
          "device " + to.shortForm() + " is not one of this user's devices (or it was revoked)");
    }
    KeyAnnouncement recipient =
        store
            .key(to.hex())
            .map(this::verified)
            .orElseThrow(
                () ->
                    new MessageException(
                        MessageException.Kind.NO_KEY,
                        "the encryption key of device "
                            + to.shortForm()
                            + " is not known yet; it arrives once this node is connected to it"
                            + " or to a peer that was"));
    long now = clock.millis();
    Envelope env;
    try {
      env = Envelope.seal(identity, recipient, Envelope.newId(), now, now + ttl.toMillis(), text);
    } catch (IllegalArgumentException e) {
      throw new MessageException(MessageException.Kind.INVALID, e.getMessage());
    }
    MessageRow row = row(env, Role.OUTBOX, text, "pending");
    store.insert(row);
    route(row);
    return view(row);
  }

  private KeyAnnouncement verified(String json) {
    KeyAnnouncement a = verifiedKeys.get(json);
    if (a == null) {
      a = KeyAnnouncement.verify(json, ed25519);
      if (verifiedKeys.size() > 1024) {
        verifiedKeys.clear(); // a handful of devices: only a flood of key changes gets here
      }
      verifiedKeys.put(json, a);
    }
    return a;
  }

  /** Offers an envelope to its recipient if connected, else (for our own) to every peer. */
  private void route(MessageRow row) {
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

  @Override
  public void connected(Connection c) {
    Link link = new Link(c);
    Link replaced = links.put(c.peer(), link);
    if (replaced != null) {
      forget(replaced);
    }
    long now = clock.millis();
    store.purgeExpired(now);
    List<String> keys = new ArrayList<>();
    for (String json : store.keys()) {
      keys.add(json);
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

  @Override
  public void disconnected(Connection c) {
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

  @Override
  public void received(Connection c, Frame f) {
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
    }
  }

  private void onKeys(Link from, List<String> lines) {
    Rejected declined = null;
    List<String> fresh = new ArrayList<>();
    for (String json : lines) {
      KeyAnnouncement a = KeyAnnouncement.verify(json, ed25519);
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
    Envelope env = Envelope.verify(payload, ed25519);
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
      MessageRow row = row(env, Role.INBOX, text, "received", receipt.json());
      if (!store.insert(row)) {
        counters.duplicates.incrementAndGet();
        return;
      }
      counters.received.incrementAndGet();
      // Every peer gets it: the sender if connected, and relays that still hold a copy.
      for (Link l : links.values()) {
        l.conn().send(Frame.of(MessageType.MSG_RECEIPTS, receipt.json().getBytes(UTF8)));
      }
      MessageView v = view(row);
      listeners.forEach(x -> x.accept(v));
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
    MessageRow row = row(env, Role.RELAY, null, "held");
    if (store.insert(row)) {
      counters.relayed.incrementAndGet();
      route(row);
    }
  }

  private void onReceipts(List<String> lines) {
    for (String json : lines) {
      Receipt r = Receipt.verify(json, ed25519);
      if (r.to().equals(identity.deviceId())) {
        Optional<MessageRow> out = store.get(r.id(), Role.OUTBOX);
        if (out.isPresent()
            && out.get().recipient().equals(r.from().hex())
            && store.delivered(r.id(), Role.OUTBOX, clock.millis(), r.json())) {
          counters.delivered.incrementAndGet();
          MessageView v = view(store.get(r.id(), Role.OUTBOX).orElseThrow());
          listeners.forEach(x -> x.accept(v));
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

  /**
   * The user's messages, newest first.
   *
   * @param direction {@code in}, {@code out} or null for both
   */
  public List<MessageView> list(String direction, int limit) {
    Role role = direction == null ? null : direction.equals("in") ? Role.INBOX : Role.OUTBOX;
    return store.list(role, limit).stream().map(Messenger::view).toList();
  }

  /** One of the user's messages by ID. */
  public Optional<MessageView> get(String id) {
    return store.get(id, Role.OUTBOX).or(() -> store.get(id, Role.INBOX)).map(Messenger::view);
  }

  private static MessageRow row(Envelope env, Role role, String body, String state) {
    return row(env, role, body, state, null);
  }

  private static MessageRow row(
      Envelope env, Role role, String body, String state, String receipt) {
    return new MessageRow(
        env.id(),
        role,
        env.from().hex(),
        env.to().hex(),
        env.createdMs(),
        env.expiresMs(),
        env.size(),
        env.json(),
        body,
        state,
        null,
        receipt);
  }

  static MessageView view(MessageRow r) {
    boolean in = r.role() == Role.INBOX;
    return new MessageView(
        r.id(),
        in ? "in" : "out",
        new DeviceId(in ? r.sender() : r.recipient()),
        r.body(),
        Instant.ofEpochMilli(r.createdMs()),
        Instant.ofEpochMilli(r.expiresMs()),
        r.state(),
        r.deliveredMs() == null ? null : Instant.ofEpochMilli(r.deliveredMs()));
  }
}
