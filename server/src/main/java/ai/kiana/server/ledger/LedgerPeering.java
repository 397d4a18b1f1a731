package ai.kiana.server.ledger;

import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.core.ledger.DeviceRecord;
import ai.kiana.core.ledger.LedgerBlock;
import ai.kiana.core.ledger.LedgerState;
import ai.kiana.core.ledger.Role;
import ai.kiana.core.ledger.TxPayload;
import ai.kiana.core.ledger.engine.LedgerMessage;
import ai.kiana.core.ledger.engine.TxAdmission;
import ai.kiana.net.ledger.LedgerEndpoint;
import ai.kiana.net.ledger.LedgerWire;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's ledger as the peer network sees it: messages from peers go to the engine, and pairing
 * brings a new device onto the network's ledger. The inviting node (a creator or admin device)
 * admits the paired device with a signed device-admitted transaction, role {@link #DEFAULT_ROLE};
 * the joining device gives up its own fresh genesis for the network's.
 */
public final class LedgerPeering implements LedgerEndpoint {

  /** The role a device gets on the ledger when it pairs. */
  public static final Role DEFAULT_ROLE = Role.SUBMIND;

  private static final Logger LOG = LoggerFactory.getLogger(LedgerPeering.class);

  private final LedgerService ledger;
  private final NodeIdentity identity;
  private final String name;

  /**
   * @param name this device's name, given to the network it joins
   */
  public LedgerPeering(LedgerService ledger, NodeIdentity identity, String name) {
    this.ledger = ledger;
    this.identity = identity;
    this.name = name;
  }

  @Override
  public void receive(DeviceId from, LedgerMessage message) {
    ledger.onMessage(from, message);
  }

  @Override
  public LedgerMessage.Status status() {
    return ledger.status();
  }

  @Override
  public String genesisHash() {
    return ledger.genesis().hash();
  }

  @Override
  public LedgerWire.Join joinRequest() {
    return new LedgerWire.Join(
        HexFormat.of().formatHex(identity.publicKey()),
        name,
        ledger.genesis().hash(),
        ledger.head().height());
  }

  @Override
  public LedgerWire.JoinAnswer admit(DeviceId device, LedgerWire.Join request, boolean paired) {
    if (!device.matches(HexFormat.of().parseHex(request.key()))) {
      return LedgerWire.JoinAnswer.refuse("the key does not belong to device " + device.display());
    }
    LedgerBlock genesis = ledger.genesis();
    if (!request.genesis().equals(genesis.hash()) && request.height() > 0) {
      return LedgerWire.JoinAnswer.refuse(
          "device "
              + device.display()
              + " already keeps its own ledger ("
              + request.height()
              + " blocks after its genesis); only a device with a fresh ledger can join: start it"
              + " on a new data directory");
    }
    LedgerState state = ledger.headState();
    DeviceRecord known = state.device(device);
    if (known != null && known.revoked()) {
      return LedgerWire.JoinAnswer.refuse(
          "device " + device.display() + " was revoked from this network");
    }
    if (known == null && !pending(device)) {
      if (!paired) {
        return LedgerWire.JoinAnswer.refuse(
            "device " + device.display() + " did not pair with this device");
      }
      Role mine = state.activeRole(identity.deviceId());
      if (mine != Role.CREATOR && mine != Role.ADMIN) {
        return LedgerWire.JoinAnswer.refuse(
            "this device ("
                + (mine == null ? "not a member" : mine.wireName())
                + ") may not admit devices; pair with the Mother or an admin device");
      }
      TxAdmission admission =
          ledger
              .submit(
                  new TxPayload.DeviceAdmitted(
                      device, request.key(), DEFAULT_ROLE, deviceName(request.name(), device)))
              .admission();
      if (!admission.accepted()) {
        return LedgerWire.JoinAnswer.refuse(
            "the ledger refused to admit the device: " + admission.violation());
      }
      LOG.info(
          "event=device-admitted device={} role={} by=pairing",
          device.shortForm(),
          DEFAULT_ROLE.wireName());
    }
    return LedgerWire.JoinAnswer.accept(genesis);
  }

  private boolean pending(DeviceId device) {
    List<ai.kiana.core.ledger.LedgerTx> txs = ledger.pending();
    return txs.stream()
        .anyMatch(
            tx -> tx.payload() instanceof TxPayload.DeviceAdmitted a && a.device().equals(device));
  }

  private static String deviceName(String given, DeviceId device) {
    String n = given == null ? "" : given.strip();
    if (n.isEmpty() || n.codePoints().anyMatch(Character::isISOControl)) {
      return "device " + device.shortForm();
    }
    return n;
  }

  @Override
  public void adopt(LedgerBlock genesis) {
    ledger.adopt(genesis);
  }

  @Override
  public long revokedAtMillis(DeviceId device) {
    DeviceRecord d = ledger.headState().device(device);
    if (d == null || !d.revoked()) {
      return Long.MAX_VALUE;
    }
    List<LedgerBlock> at = ledger.chain(d.revokedAt(), 1);
    return at.isEmpty() ? Long.MIN_VALUE : at.get(0).timestamp();
  }
}
