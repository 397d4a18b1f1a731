package ai.kiana.core.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kiana.core.clock.HlcTimestamp;
import ai.kiana.core.clock.HybridLogicalClock;
import ai.kiana.core.crypto.Ed25519Engines;
import ai.kiana.core.identity.NodeIdentity;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BlockSigningTest {

  private static final NodeIdentity NODE =
      NodeIdentity.fromSeed(Ed25519Engines.fastest(), new byte[32]);
  private static final NodeIdentity OTHER = NodeIdentity.generate(Ed25519Engines.fastest());
  private final BlockAuthor author =
      new BlockAuthor(NODE, new HybridLogicalClock(Clock.systemUTC()));
  private final BlockVerifier verifier = new BlockVerifier(Ed25519Engines.fastest());

  private KnowledgeBlock sample() {
    return author.sign(
        new BlockDraft(
            BlockType.FACT,
            "Erde",
            "Die Erde ist rund. 🌍",
            "de",
            List.of("geo", "basics"),
            new Source("file:///notes/erde.md", "ab".repeat(32)),
            List.of(),
            Scope.HOUSEHOLD));
  }

  @Test
  void signedBlockVerifiesOfflineAsSignedByItsAuthor() {
    KnowledgeBlock block = sample();
    assertThat(verifier.verify(block)).isEqualTo(new Verification.Valid(NODE.deviceId()));
    assertThat(block.author()).isEqualTo(NODE.deviceId());
  }

  @Test
  void jsonRoundTripIsExactAndStillVerifies() {
    KnowledgeBlock block = sample();
    String json = BlockCodec.toJson(block);
    KnowledgeBlock back = BlockCodec.fromJson(json);
    assertThat(back).isEqualTo(block);
    assertThat(BlockCodec.toJson(back)).isEqualTo(json);
    assertThat(verifier.verify(back).isValid()).isTrue();
  }

  @Test
  void draftTagsAreNormalisedSoEqualDraftsSignEqually() {
    BlockDraft a =
        new BlockDraft(BlockType.NOTE, " t ", "x", null, List.of("b", "a", "a "), null, null, null);
    assertThat(a.tags()).containsExactly("a", "b");
    assertThat(a.title()).isEqualTo("t");
    assertThat(a.scope()).isEqualTo(Scope.PRIVATE);
  }

  /** Every field of a block, each with random content; fixed seed, so a failure reproduces. */
  static Stream<Arguments> tamperings() {
    Random random = new Random(8032);
    String[] fields = {
      "type",
      "title",
      "content",
      "lang",
      "tags",
      "source",
      "created",
      "supersedes",
      "scope",
      "author+key"
    };
    return IntStream.range(0, 30)
        .boxed()
        .flatMap(i -> Stream.of(fields).map(f -> Arguments.of(f, randomText(random))));
  }

  private static String randomText(Random random) {
    StringBuilder s = new StringBuilder();
    int n = 1 + random.nextInt(200);
    while (s.length() < n) {
      int cp =
          random.nextInt(4) == 0 ? 0x1F300 + random.nextInt(500) : 0x20 + random.nextInt(0x3000);
      if (!Character.isSurrogate((char) cp)) {
        s.appendCodePoint(cp);
      }
    }
    return s.toString();
  }

  @ParameterizedTest
  @MethodSource("tamperings")
  void anyChangeToAnyFieldChangesTheIdAndBreaksTheSignature(String field, String content) {
    KnowledgeBlock original = author.sign(BlockDraft.fact(content));
    KnowledgeBlock tampered = with(original, field);
    assertThat(BlockCodec.signingBytes(tampered)).isNotEqualTo(BlockCodec.signingBytes(original));
    assertThat(verifier.verify(tampered).isValid()).isFalse();
    // Re-hashing does not help a forger: the signature still does not match the new id's bytes.
    KnowledgeBlock rehashed =
        withId(tampered, author.signAt(BlockCodec.draftOf(tampered), tampered.created()).id());
    assertThat(verifier.verify(rehashed).isValid()).isFalse();
  }

  @Test
  void blockWithSomeoneElsesKeyFailsVerification() {
    KnowledgeBlock b = sample();
    KnowledgeBlock forged =
        new KnowledgeBlock(
            b.id(),
            b.v(),
            b.type(),
            b.title(),
            b.content(),
            b.lang(),
            b.tags(),
            b.source(),
            b.author(),
            java.util.HexFormat.of().formatHex(OTHER.publicKey()),
            b.created(),
            b.supersedes(),
            b.scope(),
            b.sig());
    assertThat(verifier.verify(forged)).isInstanceOf(Verification.Invalid.class);
  }

  @Test
  void strictReaderNamesTheBadField() {
    String json = BlockCodec.toJson(sample());
    assertThatThrownBy(
            () -> BlockCodec.fromJson(json.replace("\"scope\"", "\"extra\":1,\"scope\"")))
        .isInstanceOf(InvalidBlockException.class)
        .hasMessageStartingWith("extra: unknown field");
    assertThatThrownBy(
            () -> BlockCodec.fromJson(json.replace("\"type\":\"fact\"", "\"type\":\"poem\"")))
        .hasMessageStartingWith("type: unknown block type");
    assertThatThrownBy(() -> BlockCodec.fromJson(json.replace("\"v\":1", "\"v\":\"1\"")))
        .hasMessageStartingWith("v: must be an integer");
    assertThatThrownBy(() -> BlockCodec.fromJson(json.replaceFirst("\"title\":\"Erde\",", "")))
        .hasMessageStartingWith("title: missing");
  }

  @Test
  void retractionMustNameWhatItRetracts() {
    assertThatThrownBy(
            () -> new BlockDraft(BlockType.RETRACTION, "", "", null, null, null, List.of(), null))
        .hasMessageStartingWith("supersedes:");
  }

  private KnowledgeBlock with(KnowledgeBlock b, String field) {
    BlockId other = new BlockId("cd".repeat(32));
    return new KnowledgeBlock(
        b.id(),
        b.v(),
        field.equals("type") ? BlockType.NOTE : b.type(),
        field.equals("title") ? b.title() + "!" : b.title(),
        field.equals("content") ? b.content() + " " : b.content(),
        field.equals("lang") ? "en" : b.lang(),
        field.equals("tags") ? List.of("x") : b.tags(),
        field.equals("source") ? new Source("https://example.org", null) : b.source(),
        field.equals("author+key") ? OTHER.deviceId() : b.author(),
        field.equals("author+key")
            ? java.util.HexFormat.of().formatHex(OTHER.publicKey())
            : b.key(),
        field.equals("created")
            ? new HlcTimestamp(b.created().millis(), b.created().counter() + 1)
            : b.created(),
        field.equals("supersedes") ? List.of(other) : b.supersedes(),
        field.equals("scope") ? Scope.PUBLIC : b.scope(),
        b.sig());
  }

  private static KnowledgeBlock withId(KnowledgeBlock b, BlockId id) {
    return new KnowledgeBlock(
        id,
        b.v(),
        b.type(),
        b.title(),
        b.content(),
        b.lang(),
        b.tags(),
        b.source(),
        b.author(),
        b.key(),
        b.created(),
        b.supersedes(),
        b.scope(),
        b.sig());
  }
}
