package ai.kiana.core.merkle;

import java.util.List;

/**
 * An inclusion proof: the leaf's position, the tree's leaf count (which tells the verifier where
 * nodes were promoted instead of paired) and the sibling hashes from the leaf level up, each as 64
 * lowercase hex characters. Check it with {@link MerkleTree#verify}.
 */
public record MerkleProof(int index, int leafCount, List<String> siblings) {

  /** A tree of 2^31 leaves is 31 levels high; more siblings cannot belong to a valid proof. */
  public static final int MAX_SIBLINGS = 32;

  public MerkleProof {
    if (leafCount < 1) {
      throw new IllegalArgumentException("leafCount: a proof needs a tree of at least one leaf");
    }
    if (index < 0 || index >= leafCount) {
      throw new IllegalArgumentException(
          "index: " + index + " is not a leaf of a tree of " + leafCount);
    }
    siblings = List.copyOf(siblings);
    if (siblings.size() > MAX_SIBLINGS) {
      throw new IllegalArgumentException("siblings: more than " + MAX_SIBLINGS);
    }
    for (String sibling : siblings) {
      if (!isHash(sibling)) {
        throw new IllegalArgumentException("siblings: each is 64 lowercase hex characters");
      }
    }
  }

  private static boolean isHash(String s) {
    if (s.length() != 64) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }
}
