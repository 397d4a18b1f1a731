package ai.kiana.core.ledger.engine;

import ai.kiana.core.ledger.LedgerBlock;
import ai.kiana.core.ledger.LedgerState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every valid block the node knows, on every fork, with the {@link LedgerState} after it, and which
 * of them is the head.
 *
 * <p><b>Rule</b>: the head is the known block with the highest total difficulty (EIP-225: in-turn
 * blocks weigh 2, out-of-turn blocks 1). Ties go to the lower height (the same weight in fewer
 * blocks means more blocks were sealed in turn), then to the lower hash, compared as lowercase hex
 * (so as unsigned numbers). The order is total and the same on every node, so nodes that know the
 * same blocks choose the same head whatever order the blocks arrived in.
 *
 * <p>A state is kept for every block: states share their unchanged parts, so this costs a few
 * hundred bytes per block, which is fine for a personal network. Nothing is pruned, so a reorg may
 * go back to any depth.
 *
 * <p>Not thread-safe: the {@link LedgerEngine} owns it.
 */
public final class ForkChoice {

  /** How the head moved: the blocks it left (head first) and the ones it took (lowest first). */
  public record HeadChange(
      LedgerBlock oldHead,
      LedgerBlock newHead,
      List<LedgerBlock> abandoned,
      List<LedgerBlock> adopted) {

    /** Whether blocks of the old chain were left (not just extended). */
    public boolean isReorg() {
      return !abandoned.isEmpty();
    }
  }

  private record Node(LedgerBlock block, LedgerState state) {}

  private final Map<String, Node> nodes = new HashMap<>();
  private final List<String> canonical = new ArrayList<>();
  private Node head;

  public ForkChoice(LedgerBlock genesis, LedgerState genesisState) {
    head = new Node(genesis, genesisState);
    nodes.put(genesis.hash(), head);
    canonical.add(genesis.hash());
  }

  /**
   * Whether a head {@code (td, height, hash)} beats a head {@code (otherTd, otherHeight,
   * otherHash)} under this class's rule; false for the same head.
   */
  public static boolean better(
      long td, long height, String hash, long otherTd, long otherHeight, String otherHash) {
    if (td != otherTd) {
      return td > otherTd;
    }
    if (height != otherHeight) {
      return height < otherHeight;
    }
    return hash.compareTo(otherHash) < 0;
  }

  /** Whether a block with state {@code state} would become the head if added now. */
  public boolean wouldBeHead(LedgerState state) {
    return better(
        state.totalDifficulty(),
        state.height(),
        state.hash(),
        head.state.totalDifficulty(),
        head.state.height(),
        head.state.hash());
  }

  /**
   * Adds a validated block whose parent is known, with the state after it.
   *
   * @return how the head moved, or null if the head stayed
   */
  public HeadChange add(LedgerBlock block, LedgerState state) {
    if (!nodes.containsKey(block.parent())) {
      throw new IllegalArgumentException(
          "block " + block.shortHash() + " at height " + block.height() + ": parent unknown");
    }
    if (nodes.containsKey(block.hash())) {
      return null;
    }
    Node node = new Node(block, state);
    nodes.put(block.hash(), node);
    if (!wouldBeHead(state)) {
      return null;
    }
    Node old = head;
    List<LedgerBlock> abandoned = new ArrayList<>();
    List<LedgerBlock> adopted = new ArrayList<>();
    Node a = old;
    Node b = node;
    while (b.block.height() > a.block.height()) {
      adopted.add(b.block);
      b = nodes.get(b.block.parent());
    }
    while (a.block.height() > b.block.height()) {
      abandoned.add(a.block);
      a = nodes.get(a.block.parent());
    }
    while (!a.block.hash().equals(b.block.hash())) {
      abandoned.add(a.block);
      adopted.add(b.block);
      a = nodes.get(a.block.parent());
      b = nodes.get(b.block.parent());
    }
    Collections.reverse(adopted);
    long forkHeight = a.block.height();
    while (canonical.size() > forkHeight + 1) {
      canonical.removeLast();
    }
    for (LedgerBlock adoptedBlock : adopted) {
      canonical.add(adoptedBlock.hash());
    }
    head = node;
    return new HeadChange(old.block, block, List.copyOf(abandoned), List.copyOf(adopted));
  }

  public boolean contains(String hash) {
    return nodes.containsKey(hash);
  }

  /** The known block with this hash, or null. */
  public LedgerBlock block(String hash) {
    Node node = nodes.get(hash);
    return node == null ? null : node.block;
  }

  /** The state after the known block with this hash, or null. */
  public LedgerState state(String hash) {
    Node node = nodes.get(hash);
    return node == null ? null : node.state;
  }

  public LedgerBlock head() {
    return head.block;
  }

  public LedgerState headState() {
    return head.state;
  }

  /** The genesis block. */
  public LedgerBlock genesis() {
    return nodes.get(canonical.getFirst()).block;
  }

  /** The block at {@code height} on the chosen chain, or null above the head. */
  public LedgerBlock canonicalAt(long height) {
    if (height < 0 || height >= canonical.size()) {
      return null;
    }
    return nodes.get(canonical.get((int) height)).block;
  }

  /** Whether the block with this hash is on the chosen chain. */
  public boolean isCanonical(String hash) {
    Node node = nodes.get(hash);
    return node != null
        && node.block.height() < canonical.size()
        && canonical.get((int) node.block.height()).equals(hash);
  }

  /** Up to {@code limit} blocks of the chosen chain from {@code fromHeight} up. */
  public List<LedgerBlock> chain(long fromHeight, int limit) {
    List<LedgerBlock> blocks = new ArrayList<>();
    for (long h = Math.max(0, fromHeight); h < canonical.size() && blocks.size() < limit; h++) {
      blocks.add(nodes.get(canonical.get((int) h)).block);
    }
    return blocks;
  }

  /**
   * The block {@code hash} and up to {@code max - 1} of its ancestors, lowest height first; empty
   * if the block is unknown.
   */
  public List<LedgerBlock> ancestors(String hash, int max) {
    List<LedgerBlock> blocks = new ArrayList<>();
    Node node = nodes.get(hash);
    while (node != null && blocks.size() < max) {
      blocks.add(node.block);
      node = node.block.isGenesis() ? null : nodes.get(node.block.parent());
    }
    Collections.reverse(blocks);
    return blocks;
  }

  /** The number of known blocks, forks included. */
  public int size() {
    return nodes.size();
  }
}
