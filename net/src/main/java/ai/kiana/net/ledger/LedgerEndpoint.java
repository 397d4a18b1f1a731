package ai.kiana.net.ledger;

import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.ledger.LedgerBlock;
import ai.kiana.core.ledger.engine.LedgerMessage;

/**
 * What the peer network needs of the node's ledger: the node's side of {@link LedgerLink}. The
 * server implements it over its ledger service.
 */
public interface LedgerEndpoint {

  /** A ledger message from a connected peer; hand it to the engine (asynchronously). */
  void receive(DeviceId from, LedgerMessage message);

  /** This node's head, sent to each peer when it connects. */
  LedgerMessage.Status status();

  /** The hash of this ledger's genesis block: which network this node belongs to. */
  String genesisHash();

  /** What this device says about itself when it joins another node's network. */
  LedgerWire.Join joinRequest();

  /**
   * Another device asks to join this node's network (inviting side). Admits it on the ledger if it
   * has just paired here and is not a member yet, and answers with the network's genesis, or
   * refuses with a reason for people. Runs on the connection's reading thread; may block.
   *
   * @param paired whether {@code device} redeemed a pairing secret on this node for this connection
   */
  LedgerWire.JoinAnswer admit(DeviceId device, LedgerWire.Join request, boolean paired);

  /**
   * Takes {@code genesis} as this device's ledger (joining side): nothing to do if it is already
   * this ledger's genesis.
   *
   * @throws IllegalStateException if this device's ledger holds more than its own genesis (any
   *     other runtime exception: the ledger failed)
   */
  void adopt(LedgerBlock genesis);

  /**
   * When the ledger revoked {@code device}: the timestamp (epoch millis) of the block that did, or
   * {@link Long#MAX_VALUE} while it is not revoked. Knowledge blocks it signed before stay valid.
   */
  long revokedAtMillis(DeviceId device);
}
