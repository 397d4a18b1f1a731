package ai.kiana.core.ledger.engine;

import ai.kiana.core.ledger.LedgerBlock;
import ai.kiana.core.ledger.LedgerTx;
import java.util.List;

/**
 * What ledger engines tell each other over a {@link LedgerBus}. Gossip: {@link NewBlock} and {@link
 * TxAnnounce} are flooded (each engine relays what it accepted); {@link Status} is broadcast
 * periodically. Catch-up (a restarted or partitioned node): a node that sees a better {@link
 * Status} asks that peer for a {@link GetBlocks#range} of its chosen chain; a block whose parent is
 * unknown (an orphan) makes it ask for the parent and its ancestors with {@link
 * GetBlocks#ancestors}; the peer answers either with {@link Blocks}, lowest height first.
 *
 * <p>On the wire between devices: net's {@code LedgerWire} (docs/PROTOCOL.md, "Ledger sync").
 */
public sealed interface LedgerMessage {

  /** A block just sealed or accepted, gossiped to every peer. */
  record NewBlock(LedgerBlock block) implements LedgerMessage {
    public NewBlock {
      require(block != null, "block");
    }
  }

  /** A pending transaction, gossiped so that whichever validator seals next can include it. */
  record TxAnnounce(LedgerTx tx) implements LedgerMessage {
    public TxAnnounce {
      require(tx != null, "tx");
    }
  }

  /** The sender's head: how a peer that is behind (or on a lighter fork) learns it must sync. */
  record Status(String headHash, long height, long totalDifficulty) implements LedgerMessage {
    public Status {
      require(headHash != null && height >= 0 && totalDifficulty >= 0, "status");
    }
  }

  /**
   * A request for blocks, answered with {@link Blocks} (lowest height first; empty or no answer if
   * the peer knows nothing that fits). Exactly one of two forms:
   *
   * <ul>
   *   <li>{@code fromHash} set: the block {@code fromHash} and up to {@code max - 1} of its
   *       ancestors (to connect an orphan, on any fork the peer knows);
   *   <li>{@code fromHash} null: up to {@code max} blocks of the peer's chosen chain from height
   *       {@code fromHeight} up (to catch up).
   * </ul>
   */
  record GetBlocks(String fromHash, long fromHeight, int max) implements LedgerMessage {
    public GetBlocks {
      require(max > 0, "max");
      require(fromHash != null ? fromHeight == -1 : fromHeight >= 0, "fromHeight");
    }

    public static GetBlocks ancestors(String hash, int max) {
      return new GetBlocks(hash, -1, max);
    }

    public static GetBlocks range(long fromHeight, int max) {
      return new GetBlocks(null, fromHeight, max);
    }

    public boolean byHash() {
      return fromHash != null;
    }
  }

  /** The answer to {@link GetBlocks}: blocks lowest height first (parents before children). */
  record Blocks(List<LedgerBlock> blocks) implements LedgerMessage {
    public Blocks {
      require(blocks != null, "blocks");
      blocks = List.copyOf(blocks);
    }
  }

  private static void require(boolean ok, String what) {
    if (!ok) {
      throw new IllegalArgumentException("ledger message: missing or invalid " + what);
    }
  }
}
