package ai.kiana.server.node;

import ai.kiana.core.block.BlockVerifier;
import ai.kiana.core.block.KnowledgeBase;
import ai.kiana.core.crypto.Ed25519Engines;
import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.core.ledger.DeviceRecord;
import ai.kiana.core.ledger.LedgerKeys;
import ai.kiana.core.ledger.LedgerState;
import ai.kiana.core.ledger.Role;
import ai.kiana.net.NetConfig;
import ai.kiana.net.PeerNetwork;
import ai.kiana.net.ledger.LedgerLink;
import ai.kiana.net.messages.EncryptionKey;
import ai.kiana.net.messages.Messenger;
import ai.kiana.net.messages.Signers;
import ai.kiana.net.protocol.PeerPermission;
import ai.kiana.net.sync.FollowPolicy;
import ai.kiana.server.access.PeerPermissions;
import ai.kiana.server.access.Security;
import ai.kiana.server.access.SyncWritePolicy;
import ai.kiana.server.audit.AuditAction;
import ai.kiana.server.killswitch.HaltState;
import ai.kiana.server.killswitch.SafetyListener;
import ai.kiana.server.ledger.LedgerPeering;
import ai.kiana.server.ledger.LedgerService;
import ai.kiana.store.ledger.Stores;
import ai.kiana.store.messages.SqlMessageStore;
import java.io.IOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * The node's sync wiring: builds the {@link PeerNetwork} with the ledger's trust and roles, the
 * allow/deny lists and the scope grants, carries the ledger and end-to-end messages over it, and
 * follows the kill switch (a halted node keeps its connections for the ledger only).
 */
final class NodeSync {

  private final NodeIdentity identity;
  private final Stores stores;
  private final KnowledgeBase knowledge;
  private final LedgerService ledger;
  private final Security security;
  private final Clock clock;
  private final Messenger messenger;
  private volatile PeerNetwork network;
  private NetConfig syncConfig; // set by the first start
  // What peers may do (PeerPermissions): their ledger roles and whether this node is halted.
  private volatile Map<DeviceId, Role> peerRoles = Map.of();
  private volatile boolean halted;

  NodeSync(
      NodeIdentity identity,
      Stores stores,
      KnowledgeBase knowledge,
      LedgerService ledger,
      Security security,
      EncryptionKey messageKey,
      Clock clock) {
    this.identity = identity;
    this.stores = stores;
    this.knowledge = knowledge;
    this.ledger = ledger;
    this.security = security;
    this.clock = clock;
    // Messages are accepted from the devices sync trusts; while sync is off, from the ledger's.
    this.messenger =
        new Messenger(
            identity,
            messageKey,
            new SqlMessageStore(stores.database()),
            // A device that rotated its key still signs as itself (the ledger knows its keys).
            new Signers(Ed25519Engines.fastest(), new LedgerKeys(ledger::headState)),
            this::trustedDevice,
            clock);
  }

  private boolean trustedDevice(DeviceId d) {
    PeerNetwork n = network;
    if (n != null) {
      return n.trusted(d);
    }
    DeviceRecord r = ledger.headState().device(d);
    return d.equals(identity.deviceId())
        || (ledger.headState().isActive(d) && !(r != null && r.revoked()));
  }

  Messenger messenger() {
    return messenger;
  }

  /** See {@link Node#startSync}. */
  synchronized PeerNetwork start(NetConfig netConfig) {
    if (network != null) {
      return network;
    }
    if (syncConfig == null) {
      syncConfig = netConfig;
      security.events().add(new SyncSafety());
      ledger.onHeadChange(this::rolesChanged);
      security.addresses().onChange(this::dropRefusedPeers);
    }
    peerRoles = rolesOf(ledger.headState());
    // A halted node keeps its connections for the ledger (a resume must reach it), not knowledge.
    halted = security.killSwitch().halted();
    PeerNetwork n =
        new PeerNetwork(
            netConfig,
            identity,
            stores.blocks(),
            knowledge,
            new BlockVerifier(Ed25519Engines.fastest(), new LedgerKeys(ledger::headState)),
            d -> {
              DeviceRecord r = ledger.headState().device(d);
              // Refused like a revoked device: by the ledger, or by the device allow/deny lists.
              return r != null && r.revoked() || !security.addresses().permitsDevice(d);
            },
            d -> ledger.headState().isActive(d),
            new SyncWritePolicy(ledger::headState, security.scopes(), stores.blocks()),
            clock);
    LedgerLink link =
        n.attachLedger(new LedgerPeering(ledger, identity, netConfig.name()), this::peerMay);
    n.addExtension(messenger);
    n.addressPolicy(security.addresses()::permits);
    n.ownBlocksOnly(d -> PeerPermissions.ownBlocksOnly(roleOf(d)));
    n.keyOwners(
        key ->
            ledger
                .headState()
                .deviceWithKey(HexFormat.of().formatHex(key), DeviceId.ofPublicKey(key)));
    try {
      n.start();
    } catch (IOException e) {
      n.close();
      throw new NodeSetupException(
          "cannot open the sync port " + netConfig.port() + ": " + e.getMessage(),
          "set sync.port to a free port, or sync.enabled=false");
    }
    network = n;
    ledger.connect(link);
    return n;
  }

  /** Whether a peer may now do what a message type needs (PeerPermissions). */
  private boolean peerMay(DeviceId peer, PeerPermission permission) {
    return PeerPermissions.allows(roleOf(peer), halted, permission);
  }

  /** A device's ledger role; a paired device the ledger does not list yet has pairing's. */
  private Role roleOf(DeviceId device) {
    return peerRoles.getOrDefault(device, LedgerPeering.DEFAULT_ROLE);
  }

  /**
   * New roles apply to new connections; one whose devices now sync more or less than their own
   * blocks was set up for the old roles and is closed, and redialled under the new.
   */
  private void rolesChanged(LedgerState state) {
    Map<DeviceId, Role> before = peerRoles;
    peerRoles = rolesOf(state);
    PeerNetwork n = network;
    if (n == null) {
      return;
    }
    boolean selfChanged = ownOnlyChanged(before, identity.deviceId());
    for (DeviceId d : peerRoles.keySet()) {
      if (!d.equals(identity.deviceId())
          && (selfChanged || ownOnlyChanged(before, d))
          && n.connected(d)) {
        n.disconnect(d, "role changed");
      }
    }
  }

  private boolean ownOnlyChanged(Map<DeviceId, Role> before, DeviceId d) {
    Role was = before.getOrDefault(d, LedgerPeering.DEFAULT_ROLE);
    return PeerPermissions.ownBlocksOnly(was) != PeerPermissions.ownBlocksOnly(roleOf(d));
  }

  private static Map<DeviceId, Role> rolesOf(LedgerState state) {
    Map<DeviceId, Role> roles = new HashMap<>();
    for (DeviceRecord d : state.devices().values()) {
      if (!d.revoked()) {
        roles.put(d.id(), d.role());
      }
    }
    return Map.copyOf(roles);
  }

  /** Stops knowledge sync while the node is halted, restarts it on resume, drops revoked peers. */
  private final class SyncSafety implements SafetyListener {

    @Override
    public void deviceRevoked(DeviceId device, String reason) {
      PeerNetwork n = network;
      if (n != null) {
        n.disconnect(device, "revoked: " + reason);
      }
    }

    @Override
    public void halted(HaltState state) {
      halted = true;
    }

    @Override
    public void resumed() {
      halted = false;
      PeerNetwork n = network;
      if (n != null) {
        n.knowledgeResumed(); // catch up on what the other nodes learnt meanwhile
      }
    }
  }

  /** After an allow/deny list change: refused devices and addresses lose their connections. */
  private void dropRefusedPeers() {
    PeerNetwork n = network;
    if (n != null) {
      for (DeviceId d : n.dropRefused("refused by the allow/deny lists")) {
        security.audit().append("node", AuditAction.DEVICE_DENIED, d.hex(), "connection dropped");
      }
    }
  }

  synchronized void stop() {
    PeerNetwork n = network;
    network = null;
    ledger.connect(null);
    if (n != null) {
      n.close();
    }
  }

  /** See {@link Node#follow}. */
  synchronized void follow(FollowPolicy policy) {
    if (syncConfig != null) {
      syncConfig = syncConfig.withFollow(policy);
    }
    PeerNetwork n = network;
    if (n != null) {
      n.follow(policy);
    }
  }

  synchronized Optional<FollowPolicy> following() {
    return Optional.ofNullable(syncConfig).map(NetConfig::follow);
  }

  /** The running network, or null. */
  PeerNetwork network() {
    return network;
  }
}
