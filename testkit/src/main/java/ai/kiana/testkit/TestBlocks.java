package ai.kiana.testkit;

import ai.kiana.core.block.BlockAuthor;
import ai.kiana.core.block.BlockDraft;
import ai.kiana.core.block.BlockId;
import ai.kiana.core.block.BlockType;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.block.Scope;
import ai.kiana.core.block.Source;
import ai.kiana.core.clock.HlcTimestamp;
import ai.kiana.core.clock.HybridLogicalClock;
import ai.kiana.core.crypto.Ed25519Engines;
import ai.kiana.core.identity.NodeIdentity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Makes real, verifiable signed blocks for tests. Each instance is one device: a fixed-seed
 * identity (so IDs are reproducible across runs) with its own {@link FakeClock} starting at {@link
 * FakeClock#DEFAULT_START}. Every block made through {@link #sign} gets a strictly newer timestamp
 * than the one before, because the device's hybrid logical clock never repeats itself.
 *
 * <p>Not thread-safe as a whole (the random generator is shared); use one per thread if needed.
 */
public final class TestBlocks {

  private static final List<String> WORDS =
      List.of(
          "apfel", "Birne", "river", "Straße", "cloud", "garden", "Öl", "tea", "mountain", "piano");
  private static final List<String> TAGS = List.of("home", "work", "family", "recipes", "travel");
  private static final BlockType[] RANDOM_TYPES = {
    BlockType.FACT, BlockType.NOTE, BlockType.MEMORY, BlockType.CHUNK, BlockType.CHAT
  };

  private final FakeClock clock;
  private final BlockAuthor author;
  private final Random random;

  /** Device number 1. */
  public TestBlocks() {
    this(1);
  }

  /** Device number {@code device}: different numbers give different, fixed identities. */
  public TestBlocks(int device) {
    this.clock = new FakeClock();
    this.author = new BlockAuthor(identity(device), new HybridLogicalClock(clock));
    this.random = new Random(device);
  }

  /** A reproducible identity: the seed is the device number repeated over 32 bytes. */
  public static NodeIdentity identity(int device) {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) device);
    return NodeIdentity.fromSeed(Ed25519Engines.fastest(), seed);
  }

  public FakeClock clock() {
    return clock;
  }

  public BlockAuthor author() {
    return author;
  }

  public NodeIdentity identity() {
    return author.identity();
  }

  public KnowledgeBlock sign(BlockDraft draft) {
    return author.sign(draft);
  }

  /**
   * Signs with an explicit timestamp, e.g. to make several blocks that share one {@code created}.
   */
  public KnowledgeBlock signAt(BlockDraft draft, HlcTimestamp created) {
    return author.signAt(draft, created);
  }

  /** A private fact without a title. */
  public KnowledgeBlock fact(String content) {
    return sign(BlockDraft.fact(content));
  }

  /** A block of any type with a title and tags; private, no language, no source. */
  public KnowledgeBlock block(BlockType type, String title, String content, String... tags) {
    return sign(draft(type, title, content, tags));
  }

  public static BlockDraft draft(BlockType type, String title, String content, String... tags) {
    return new BlockDraft(
        type, title, content, null, List.of(tags), null, List.of(), Scope.PRIVATE);
  }

  /** A block with every optional field set, to check that nothing is lost on the way. */
  public KnowledgeBlock fullBlock(String content) {
    return sign(
        new BlockDraft(
            BlockType.CHUNK,
            "A title",
            content,
            "de-AT",
            List.of("zeta", "alpha"),
            new Source("file:///home/user/Notizen/übersicht.pdf", "ab".repeat(32)),
            List.of(),
            Scope.HOUSEHOLD));
  }

  /** A new version of {@code old} with {@code content}: same type and tags, superseding it. */
  public KnowledgeBlock edit(KnowledgeBlock old, String content) {
    return sign(
        new BlockDraft(
            old.type(),
            old.title(),
            content,
            old.lang(),
            old.tags(),
            old.source(),
            List.of(old.id()),
            old.scope()));
  }

  /** A block that supersedes all of {@code olds}, e.g. to resolve a conflict. */
  public KnowledgeBlock merge(String content, KnowledgeBlock... olds) {
    List<BlockId> ids = Arrays.stream(olds).map(KnowledgeBlock::id).toList();
    return sign(
        new BlockDraft(BlockType.FACT, "", content, null, List.of(), null, ids, Scope.PRIVATE));
  }

  public KnowledgeBlock retraction(KnowledgeBlock target) {
    return sign(BlockDraft.retraction(target.id(), "no longer true"));
  }

  /**
   * {@code n} blocks of varied types, tags and text, each a random 0..999 ms after the previous
   * one. Same device number, same blocks.
   */
  public List<KnowledgeBlock> random(int n) {
    List<KnowledgeBlock> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      clock.advance(Duration.ofMillis(random.nextInt(1000)));
      BlockType type = RANDOM_TYPES[random.nextInt(RANDOM_TYPES.length)];
      String title = random.nextInt(3) == 0 ? "" : word() + " " + i;
      String content = word() + " " + word() + " " + word() + " #" + i;
      List<String> tags =
          random.nextBoolean() ? List.of() : List.of(TAGS.get(random.nextInt(TAGS.size())));
      out.add(
          sign(new BlockDraft(type, title, content, null, tags, null, List.of(), Scope.PRIVATE)));
    }
    return out;
  }

  private String word() {
    return WORDS.get(random.nextInt(WORDS.size()));
  }

  /**
   * The block with other content but its old id and signature: what a damaged disk or a forger
   * produces. It no longer verifies.
   */
  public static KnowledgeBlock withContent(KnowledgeBlock b, String content) {
    return new KnowledgeBlock(
        b.id(),
        b.v(),
        b.type(),
        b.title(),
        content,
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
