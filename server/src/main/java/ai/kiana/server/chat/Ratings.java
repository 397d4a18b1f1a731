package ai.kiana.server.chat;

import ai.kiana.core.block.BlockDraft;
import ai.kiana.core.block.BlockId;
import ai.kiana.core.block.BlockQuery;
import ai.kiana.core.block.BlockType;
import ai.kiana.core.block.KnowledgeBase;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.block.Scope;
import ai.kiana.core.identity.DeviceId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Ratings as per-device last-writer-wins registers: a rating is a {@code rating} block whose title
 * is the rated block's id and whose content is the value 1..5. A device's new rating of a block
 * supersedes its previous one, so each device has one live rating per block; across devices the
 * ratings stand side by side (each is one device's register).
 */
public final class Ratings {

  public static final int MIN = 1;
  public static final int MAX = 5;

  private final KnowledgeBase knowledge;

  public Ratings(KnowledgeBase knowledge) {
    this.knowledge = knowledge;
  }

  /**
   * Stores this device's rating of {@code target}, replacing its earlier one.
   *
   * @throws ai.kiana.core.block.BlockNotFoundException if there is no such block
   */
  public KnowledgeBlock rate(BlockId target, int value) {
    if (value < MIN || value > MAX) {
      throw new IllegalArgumentException("a rating is " + MIN + " to " + MAX);
    }
    knowledge.view(target); // must exist
    List<BlockId> earlier = mine(target).stream().map(KnowledgeBlock::id).toList();
    return knowledge.add(
        new BlockDraft(
            BlockType.RATING,
            target.hex(),
            Integer.toString(value),
            null,
            List.of(),
            null,
            earlier,
            Scope.PRIVATE));
  }

  /** This device's current rating of {@code target}, if any. */
  public Optional<Integer> current(BlockId target) {
    return mine(target).stream().findFirst().map(b -> Integer.parseInt(b.content()));
  }

  private List<KnowledgeBlock> mine(BlockId target) {
    DeviceId me = knowledge.author().identity().deviceId();
    BlockQuery q =
        new BlockQuery(
            Set.of(BlockType.RATING), null, me, target.hex(), null, null, true, null, 50);
    return knowledge.list(q).blocks().stream()
        .filter(b -> b.title().equals(target.hex()) && b.content().matches("[1-5]"))
        .toList();
  }
}
