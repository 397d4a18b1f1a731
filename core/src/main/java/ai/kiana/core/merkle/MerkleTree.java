package ai.kiana.core.merkle;

import ai.kiana.core.crypto.Sha256;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A binary SHA-256 Merkle tree over a list of leaves (arbitrary byte strings, typically hashes of
 * transactions or knowledge blocks), with inclusion proofs.
 *
 * <p><b>Construction</b> (see docs/PROTOCOL.md, "Merkle trees"):
 *
 * <ul>
 *   <li>leaf node = SHA-256(0x00 || leaf), inner node = SHA-256(0x01 || left || right). The two
 *       prefixes keep a leaf from ever being read as an inner node (second-preimage attacks).
 *   <li>Each level pairs nodes left to right. A level with an odd count <em>promotes</em> its last
 *       node unchanged to the next level. It is not paired with a copy of itself, so {@code [a, b,
 *       c]} and {@code [a, b, c, c]} have different roots (Bitcoin's duplication made them equal:
 *       CVE-2012-2459).
 *   <li>The root of the empty list is {@link #EMPTY_ROOT}, SHA-256 of zero bytes. No leaf or inner
 *       node can equal it without a SHA-256 collision, since both hash at least one prefix byte.
 * </ul>
 *
 * <p>Instances are immutable and thread-safe; leaf arrays are copied in.
 */
public final class MerkleTree {

  /** SHA-256 of the empty byte string: the root of a tree without leaves. */
  public static final String EMPTY_ROOT_HEX =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  private static final byte LEAF_PREFIX = 0x00;
  private static final byte NODE_PREFIX = 0x01;
  private static final HexFormat HEX = HexFormat.of();

  /** levels.get(0) holds the leaf nodes, the last level holds the root alone. */
  private final List<byte[][]> levels;

  private MerkleTree(List<byte[][]> levels) {
    this.levels = levels;
  }

  /** Builds the whole tree, keeping every level so that proofs can be taken. */
  public static MerkleTree of(List<byte[]> leaves) {
    Objects.requireNonNull(leaves, "leaves");
    List<byte[][]> levels = new ArrayList<>();
    byte[][] level = new byte[leaves.size()][];
    for (int i = 0; i < level.length; i++) {
      level[i] = leafHash(leaves.get(i));
    }
    levels.add(level);
    while (level.length > 1) {
      level = parentLevel(level);
      levels.add(level);
    }
    return new MerkleTree(List.copyOf(levels));
  }

  /** The root of {@code leaves} without keeping the levels: the fast path for block validation. */
  public static byte[] root(List<byte[]> leaves) {
    Objects.requireNonNull(leaves, "leaves");
    if (leaves.isEmpty()) {
      return emptyRoot();
    }
    byte[][] level = new byte[leaves.size()][];
    for (int i = 0; i < level.length; i++) {
      level[i] = leafHash(leaves.get(i));
    }
    while (level.length > 1) {
      level = parentLevel(level);
    }
    return level[0];
  }

  /** {@link #root(List)} as 64 lowercase hex characters. */
  public static String rootHex(List<byte[]> leaves) {
    return HEX.formatHex(root(leaves));
  }

  /** The root of this tree (a copy). */
  public byte[] root() {
    byte[][] top = levels.get(levels.size() - 1);
    return top.length == 0 ? emptyRoot() : top[0].clone();
  }

  public String rootHex() {
    return HEX.formatHex(root());
  }

  /** The number of leaves. */
  public int size() {
    return levels.get(0).length;
  }

  /**
   * The proof that the leaf at {@code index} is in this tree: the sibling of each node on the path
   * from that leaf to the root, bottom up, skipping levels where the node was promoted.
   *
   * @throws IndexOutOfBoundsException if there is no leaf at {@code index}
   */
  public MerkleProof proof(int index) {
    Objects.checkIndex(index, size());
    List<String> siblings = new ArrayList<>();
    int position = index;
    for (int depth = 0; depth < levels.size() - 1; depth++) {
      byte[][] level = levels.get(depth);
      int sibling = position ^ 1;
      if (sibling < level.length) {
        siblings.add(HEX.formatHex(level[sibling]));
      }
      position >>= 1;
    }
    return new MerkleProof(index, size(), siblings);
  }

  /**
   * Whether {@code leaf} is the leaf at {@code proof.index()} of a tree of {@code
   * proof.leafCount()} leaves whose root is {@code root}. A proof with too many or too few siblings
   * for its position is rejected, never an exception.
   */
  public static boolean verify(byte[] root, byte[] leaf, MerkleProof proof) {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(leaf, "leaf");
    Objects.requireNonNull(proof, "proof");
    byte[] node = leafHash(leaf);
    int position = proof.index();
    int count = proof.leafCount();
    int used = 0;
    List<String> siblings = proof.siblings();
    while (count > 1) {
      boolean promoted = position == count - 1 && (position & 1) == 0;
      if (!promoted) {
        if (used == siblings.size()) {
          return false;
        }
        byte[] sibling = HEX.parseHex(siblings.get(used++));
        node = (position & 1) == 0 ? nodeHash(node, sibling) : nodeHash(sibling, node);
      }
      position >>= 1;
      count = (count + 1) >>> 1;
    }
    return used == siblings.size() && MessageDigest.isEqual(node, root);
  }

  /** SHA-256(0x00 || data). */
  public static byte[] leafHash(byte[] data) {
    byte[] input = new byte[data.length + 1];
    input[0] = LEAF_PREFIX;
    System.arraycopy(data, 0, input, 1, data.length);
    return Sha256.digest(input);
  }

  /** SHA-256(0x01 || left || right). */
  public static byte[] nodeHash(byte[] left, byte[] right) {
    byte[] input = new byte[1 + left.length + right.length];
    input[0] = NODE_PREFIX;
    System.arraycopy(left, 0, input, 1, left.length);
    System.arraycopy(right, 0, input, 1 + left.length, right.length);
    return Sha256.digest(input);
  }

  private static byte[][] parentLevel(byte[][] level) {
    byte[][] parents = new byte[(level.length + 1) / 2][];
    for (int i = 0; i + 1 < level.length; i += 2) {
      parents[i / 2] = nodeHash(level[i], level[i + 1]);
    }
    if ((level.length & 1) == 1) {
      parents[parents.length - 1] = level[level.length - 1];
    }
    return parents;
  }

  private static byte[] emptyRoot() {
    return Sha256.digest(new byte[0]);
  }
}
