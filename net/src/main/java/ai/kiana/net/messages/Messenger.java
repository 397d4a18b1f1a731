package ai.kiana.net.messages;

import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.net.PeerExtension;
import ai.kiana.net.connections.Connection;
import ai.kiana.net.protocol.Frame;
import ai.kiana.store.messages.MessageRow;
import ai.kiana.store.messages.MessageRow.Role;
import ai.kiana.store.messages.SqlMessageStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

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

  private final NodeIdentity identity;
  private final EncryptionKey key;
  private final SqlMessageStore store;
  private final Signers signers;
  private final Predicate<DeviceId> trusted;
  private final Clock clock;
  private final KeyAnnouncement own;
  private final MessageExchange exchange;

  private final List<Consumer<MessageView>> listeners = new CopyOnWriteArrayList<>();
  private final MessageCounters counters = new MessageCounters();

  /** Announcements whose signature was checked, by their JSON: sending does not verify again. */
  private final Map<String, KeyAnnouncement> verifiedKeys = new ConcurrentHashMap<>();

  /**
   * @param trusted whether a device speaks for this user (known and not revoked); messages from or
   *     to others are refused
   */
  public Messenger(
      NodeIdentity identity,
      EncryptionKey key,
      SqlMessageStore store,
      Signers signers,
      Predicate<DeviceId> trusted,
      Clock clock) {
    this.identity = identity;
    this.key = key;
    this.store = store;
    this.signers = signers;
    this.trusted = trusted;
    this.clock = clock;
    this.own = ownAnnouncement();
    this.exchange =
        new MessageExchange(
            identity,
            key,
            store,
            signers,
            trusted,
            clock,
            counters,
            v -> listeners.forEach(x -> x.accept(v)));
  }

  /** The stored announcement of this device's key, or a new one if the key changed. */
  private KeyAnnouncement ownAnnouncement() {
    Optional<KeyAnnouncement> stored =
        store.key(identity.deviceId().hex()).map(j -> KeyAnnouncement.verify(j, signers));
    if (stored.isPresent() && java.util.Arrays.equals(stored.get().encKey(), key.publicKey())) {
      return stored.get();
    }
    KeyAnnouncement a = KeyAnnouncement.sign(identity, key, clock.millis());
    store.putKey(a.device().hex(), a.json(), a.createdMs());
    return a;
  }

  @Override
  public void connected(Connection c) {
    exchange.connected(c);
  }

  @Override
  public void disconnected(Connection c) {
    exchange.disconnected(c);
  }

  @Override
  public void received(Connection c, Frame f) {
    exchange.received(c, f);
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
    exchange.route(row);
    return view(row, now);
  }

  private KeyAnnouncement verified(String json) {
    KeyAnnouncement a = verifiedKeys.get(json);
    if (a == null) {
      a = KeyAnnouncement.verify(json, signers);
      if (verifiedKeys.size() > 1024) {
        verifiedKeys.clear(); // a handful of devices: only a flood of key changes gets here
      }
      verifiedKeys.put(json, a);
    }
    return a;
  }

  /**
   * The user's messages, newest first.
   *
   * @param direction {@code in}, {@code out} or null for both
   */
  public List<MessageView> list(String direction, int limit) {
    Role role = direction == null ? null : direction.equals("in") ? Role.INBOX : Role.OUTBOX;
    long now = clock.millis();
    return store.list(role, limit).stream().map(r -> view(r, now)).toList();
  }

  /** One of the user's messages by ID. */
  public Optional<MessageView> get(String id) {
    long now = clock.millis();
    return store.get(id, Role.OUTBOX).or(() -> store.get(id, Role.INBOX)).map(r -> view(r, now));
  }

  static MessageRow row(Envelope env, Role role, String body, String state) {
    return row(env, role, body, state, null);
  }

  static MessageRow row(Envelope env, Role role, String body, String state, String receipt) {
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

  /** A sent message that expired undelivered shows as {@code expired}: nobody passes it on. */
  static MessageView view(MessageRow r, long nowMs) {
    boolean in = r.role() == Role.INBOX;
    boolean expired = !in && !r.state().equals("delivered") && r.expiresMs() <= nowMs;
    return new MessageView(
        r.id(),
        in ? "in" : "out",
        new DeviceId(in ? r.sender() : r.recipient()),
        r.body(),
        Instant.ofEpochMilli(r.createdMs()),
        Instant.ofEpochMilli(r.expiresMs()),
        expired ? "expired" : r.state(),
        r.deliveredMs() == null ? null : Instant.ofEpochMilli(r.deliveredMs()));
  }
}
