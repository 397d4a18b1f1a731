package ai.kiana.net.pairing;

import ai.kiana.core.identity.DeviceId;
import ai.kiana.net.PairingException;
import ai.kiana.net.connections.Connection;
import ai.kiana.net.connections.RefusedException;
import ai.kiana.net.connections.Transport;
import ai.kiana.net.ledger.LedgerJoinException;
import ai.kiana.net.ledger.LedgerLink;
import ai.kiana.net.peers.PeerAddress;
import ai.kiana.net.peers.PeerBook;
import ai.kiana.net.peers.PeerRecord;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Both sides of pairing: the device that shows a code opens a {@link PairingWindow} and admits the
 * one secret; the device that enters the code dials with it, records the peer and adopts its ledger
 * (or undoes the pairing when the ledger refuses it).
 */
public final class PairingFlow {

  private static final Logger LOG = LoggerFactory.getLogger(PairingFlow.class);

  private final DeviceId self;
  private final Clock clock;
  private final PairingWindow window;
  private final Transport transport;
  private final PeerBook book;
  private final Predicate<DeviceId> revoked;
  private final Supplier<LedgerLink> ledger;
  private final BiConsumer<Connection, Boolean> register;
  private final Consumer<DeviceId> forget;

  /**
   * @param ledger the attached ledger link, or null when none is
   * @param register takes over a connection pairing opened; its flag says whether this device is
   *     about to join the peer's ledger
   * @param forget undoes a pairing the ledger refused
   */
  public PairingFlow(
      DeviceId self,
      Clock clock,
      Transport transport,
      PeerBook book,
      Predicate<DeviceId> revoked,
      Supplier<LedgerLink> ledger,
      BiConsumer<Connection, Boolean> register,
      Consumer<DeviceId> forget) {
    this.self = self;
    this.clock = clock;
    this.window = new PairingWindow(clock);
    this.transport = transport;
    this.book = book;
    this.revoked = revoked;
    this.ledger = ledger;
    this.register = register;
    this.forget = forget;
  }

  /** Opens a pairing window and returns the code another device redeems with {@link #pair}. */
  public PairingCode offer(Duration ttl, List<String> addresses) {
    PairingWindow.Offer offer = window.open(ttl);
    return new PairingCode(self, addresses, offer.secret(), offer.expires());
  }

  public boolean isOpen() {
    return window.isOpen();
  }

  /** A device dialled in with a pairing secret: admits it as a peer if the secret is valid. */
  public boolean redeem(DeviceId device, String secret, String name, String address) {
    if (revoked.test(device) || !window.redeem(secret)) {
      return false;
    }
    book.put(new PeerRecord(device, name, address, "paired", clock.instant()));
    LedgerLink l = ledger.get();
    if (l != null) {
      l.paired(device);
    }
    LOG.info("event=paired device={} name={} address={}", device.shortForm(), name, address);
    return true;
  }

  /**
   * Pairs with the device that showed {@code code}: dials it with the secret and, once admitted,
   * records it as a peer.
   *
   * @throws PairingException if the code is expired, refused or no address answers
   */
  public PeerRecord pair(PairingCode code) {
    if (!code.expires().isAfter(clock.instant())) {
      throw new PairingException(
          PairingException.Kind.EXPIRED,
          "pairing code expired at " + code.expires() + "; ask for a new one");
    }
    if (code.device().equals(self)) {
      throw new PairingException(
          PairingException.Kind.OWN_CODE, "that is this device's own pairing code");
    }
    List<String> errors = new ArrayList<>();
    for (String address : code.addresses()) {
      PeerAddress a = PeerAddress.parse(address);
      try {
        Connection c = transport.dial(a.host(), a.port(), code.device(), code.secret());
        PeerRecord r =
            new PeerRecord(code.device(), c.peerName(), address, "paired", clock.instant());
        book.put(r);
        register.accept(c, ledger.get() != null);
        joinLedger(c);
        return r;
      } catch (RefusedException | JoinRefused e) {
        throw new PairingException(PairingException.Kind.REFUSED, e.getMessage());
      } catch (SSLException e) {
        // The other device closes the handshake when no pairing window is open any more.
        throw new PairingException(
            PairingException.Kind.REFUSED,
            "refused by "
                + code.device().shortForm()
                + ": pairing code is wrong, expired or already used");
      } catch (IOException | RuntimeException e) {
        errors.add(address + ": " + e.getMessage());
      }
    }
    throw new PairingException(
        PairingException.Kind.UNREACHABLE,
        "no address of the pairing code answered (" + String.join("; ", errors) + ")");
  }

  /** After pairing: adopts the ledger of the device paired with, or undoes the pairing. */
  private void joinLedger(Connection c) {
    LedgerLink link = ledger.get();
    if (link == null) {
      return;
    }
    try {
      link.join(c, LedgerLink.DEFAULT_JOIN_TIMEOUT);
    } catch (LedgerJoinException e) {
      forget.accept(c.peer());
      throw new JoinRefused(e.getMessage());
    }
  }

  /** Ends pairing at once (not "try the next address"): the device answered and said no. */
  private static final class JoinRefused extends RuntimeException {
    JoinRefused(String message) {
      super(message);
    }
  }
}
