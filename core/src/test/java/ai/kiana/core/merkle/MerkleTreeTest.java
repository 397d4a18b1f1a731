package ai.kiana.core.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kiana.core.crypto.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MerkleTreeTest {

  private static final HexFormat HEX = HexFormat.of();

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] leaf(byte[] data) {
    byte[] in = new byte[data.length + 1];
    System.arraycopy(data, 0, in, 1, data.length);
    return Sha256.digest(in);
  }

  private static byte[] node(byte[] l, byte[] r) {
    byte[] in = new byte[65];
    in[0] = 1;
    System.arraycopy(l, 0, in, 1, 32);
    System.arraycopy(r, 0, in, 33, 32);
    return Sha256.digest(in);
  }

  @Test
  void emptyListHasTheSha256OfNothingAsRoot() {
    assertThat(MerkleTree.rootHex(List.of())).isEqualTo(MerkleTree.EMPTY_ROOT_HEX);
    assertThat(MerkleTree.EMPTY_ROOT_HEX).isEqualTo(Sha256.hex(new byte[0]));
    assertThat(MerkleTree.of(List.of()).rootHex()).isEqualTo(MerkleTree.EMPTY_ROOT_HEX);
  }

  @Test
  void singleLeafRootIsTheLeafHashWithItsDomainPrefix() {
    assertThat(MerkleTree.root(List.of(b("a")))).isEqualTo(leaf(b("a")));
    assertThat(MerkleTree.root(List.of(b("a")))).isNotEqualTo(Sha256.digest(b("a")));
  }

  @Test
  void twoLeavesHashAsAnInnerNodeOfTheirLeafHashes() {
    assertThat(MerkleTree.root(List.of(b("a"), b("b"))))
        .isEqualTo(node(leaf(b("a")), leaf(b("b"))));
  }

  @Test
  void oddLastNodeIsPromotedNotPairedWithItself() {
    byte[] expected = node(node(leaf(b("a")), leaf(b("b"))), leaf(b("c")));
    assertThat(MerkleTree.root(List.of(b("a"), b("b"), b("c")))).isEqualTo(expected);
    byte[] five =
        node(
            node(node(leaf(b("a")), leaf(b("b"))), node(leaf(b("c")), leaf(b("d")))), leaf(b("e")));
    assertThat(MerkleTree.root(List.of(b("a"), b("b"), b("c"), b("d"), b("e")))).isEqualTo(five);
  }

  @Test
  void duplicatingTheLastLeafChangesTheRoot() {
    // CVE-2012-2459: with duplication, [a, b, c] and [a, b, c, c] shared one root.
    assertThat(MerkleTree.root(List.of(b("a"), b("b"), b("c"))))
        .isNotEqualTo(MerkleTree.root(List.of(b("a"), b("b"), b("c"), b("c"))));
  }

  @Test
  void leafHoldingTwoNodeHashesDoesNotCollideWithTheirParent() {
    byte[] l = leaf(b("a"));
    byte[] r = leaf(b("b"));
    byte[] concatenated = new byte[64];
    System.arraycopy(l, 0, concatenated, 0, 32);
    System.arraycopy(r, 0, concatenated, 32, 32);
    assertThat(MerkleTree.root(List.of(concatenated)))
        .isNotEqualTo(MerkleTree.root(List.of(b("a"), b("b"))));
  }

  @Test
  void leafOrderMatters() {
    assertThat(MerkleTree.root(List.of(b("a"), b("b"))))
        .isNotEqualTo(MerkleTree.root(List.of(b("b"), b("a"))));
  }

  @Test
  void proofOfOutOfRangeIndexIsAnError() {
    MerkleTree tree = MerkleTree.of(List.of(b("a"), b("b")));
    assertThatThrownBy(() -> tree.proof(2)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void malformedProofsCannotBeConstructed() {
    assertThatThrownBy(() -> new MerkleProof(0, 0, List.of())).hasMessageContaining("leafCount");
    assertThatThrownBy(() -> new MerkleProof(3, 3, List.of())).hasMessageContaining("index");
    assertThatThrownBy(() -> new MerkleProof(0, 2, List.of("AB".repeat(32))))
        .hasMessageContaining("siblings");
  }

  static Stream<Arguments> seeds() {
    Random random = new Random(20240501L);
    return Stream.generate(() -> random.nextLong())
        .limit(40)
        .map(seed -> Arguments.of(Long.toHexString(seed), seed));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void everyLeafHasAProofThatVerifiesAndNoAlteredProofDoes(String name, long seed) {
    Random random = new Random(seed);
    int size = 1 + random.nextInt(random.nextBoolean() ? 9 : 300);
    List<byte[]> leaves = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      byte[] data = new byte[4 + random.nextInt(40)];
      random.nextBytes(data);
      data[0] = (byte) (i >> 8);
      data[1] = (byte) i;
      leaves.add(data);
    }
    MerkleTree tree = MerkleTree.of(leaves);
    byte[] root = tree.root();
    assertThat(root).isEqualTo(MerkleTree.root(leaves));
    assertThat(tree.size()).isEqualTo(size);
    for (int i = 0; i < size; i++) {
      MerkleProof proof = tree.proof(i);
      assertThat(MerkleTree.verify(root, leaves.get(i), proof)).as("leaf %d", i).isTrue();
      byte[] other = (leaves.get(i).length + "x" + i).getBytes(StandardCharsets.UTF_8);
      assertThat(MerkleTree.verify(root, other, proof)).isFalse();
      if (size > 1) {
        int j = (i + 1 + random.nextInt(size - 1)) % size;
        MerkleProof moved = new MerkleProof(j, size, proof.siblings());
        assertThat(MerkleTree.verify(root, leaves.get(i), moved))
            .as("leaf %d claimed at %d", i, j)
            .isFalse();
        List<String> siblings = new ArrayList<>(proof.siblings());
        int k = random.nextInt(siblings.size());
        byte[] flipped = HEX.parseHex(siblings.get(k));
        flipped[random.nextInt(32)] ^= (byte) (1 << random.nextInt(8));
        siblings.set(k, HEX.formatHex(flipped));
        assertThat(MerkleTree.verify(root, leaves.get(i), new MerkleProof(i, size, siblings)))
            .isFalse();
        List<String> longer = new ArrayList<>(proof.siblings());
        longer.add(proof.siblings().get(0));
        assertThat(MerkleTree.verify(root, leaves.get(i), new MerkleProof(i, size, longer)))
            .isFalse();
        List<String> shorter = proof.siblings().subList(0, proof.siblings().size() - 1);
        assertThat(MerkleTree.verify(root, leaves.get(i), new MerkleProof(i, size, shorter)))
            .isFalse();
      }
    }
  }
}
