package ai.kiana.core.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kiana.core.crypto.Ed25519Engines;
import ai.kiana.testkit.InMemoryBlockStore;
import ai.kiana.testkit.TestBlocks;
import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Lives in testkit because core's own tests cannot depend on testkit's fakes. */
class KnowledgeBaseTest {

  private final TestBlocks device = new TestBlocks(1);
  private final InMemoryBlockStore store = new InMemoryBlockStore();
  private final KnowledgeBase knowledge =
      new KnowledgeBase(store, device.author(), new BlockVerifier(Ed25519Engines.fastest()));

  @Test
  void addAllStoresEverySignedBlockInOrderOfItsTimestamps() {
    List<BlockDraft> drafts =
        IntStream.range(0, 300).mapToObj(i -> BlockDraft.fact("fact " + i)).toList();

    List<KnowledgeBlock> blocks = knowledge.addAll(drafts);

    assertThat(blocks).hasSize(300);
    for (int i = 0; i < blocks.size(); i++) {
      assertThat(blocks.get(i).content()).isEqualTo("fact " + i);
      assertThat(knowledge.verify(blocks.get(i)).isValid()).isTrue();
      assertThat(store.contains(blocks.get(i).id())).isTrue();
      if (i > 0) {
        assertThat(blocks.get(i).created()).isGreaterThan(blocks.get(i - 1).created());
      }
    }
  }

  @Test
  void addAllStoresNothingWhenOneDraftEditsAnUnknownBlock() {
    BlockId unknown = new BlockId("ab".repeat(32));
    BlockDraft edit =
        new BlockDraft(BlockType.NOTE, "", "edit", null, null, null, List.of(unknown), null);

    assertThatThrownBy(() -> knowledge.addAll(List.of(BlockDraft.fact("fine"), edit)))
        .isInstanceOf(BlockNotFoundException.class);
    assertThat(store.stats().blocks()).isZero();
  }

  @Test
  void verifyAllFindsEveryTamperedBlockAcrossBatches() {
    List<KnowledgeBlock> blocks =
        new ArrayList<>(
            knowledge.addAll(
                IntStream.range(0, 2 * KnowledgeBase.DEFAULT_VERIFY_BATCH + 10)
                    .mapToObj(i -> BlockDraft.fact("b" + i))
                    .toList()));
    KnowledgeBlock first = tampered(blocks.get(3));
    KnowledgeBlock last = tampered(blocks.get(blocks.size() - 2));
    InMemoryBlockStore damaged = new InMemoryBlockStore();
    blocks.set(3, first);
    blocks.set(blocks.size() - 2, last);
    damaged.putAll(blocks);

    VerifyReport report =
        new KnowledgeBase(damaged, device.author(), new BlockVerifier(Ed25519Engines.fastest()))
            .verifyAll();

    assertThat(report.checked()).isEqualTo(blocks.size());
    assertThat(report.failures())
        .extracting(VerifyReport.Failure::id)
        .containsExactlyInAnyOrder(first.id(), last.id());
  }

  @Test
  void retractingTwiceIsAConflictAndRetractingNothingIsNotFound() {
    KnowledgeBlock fact = knowledge.add(BlockDraft.fact("temporary"));
    KnowledgeBlock retraction = knowledge.retract(fact.id(), "wrong");

    assertThat(knowledge.view(fact.id()).retracted()).isTrue();
    assertThat(knowledge.view(fact.id()).supersededBy()).containsExactly(retraction.id());
    assertThatThrownBy(() -> knowledge.retract(fact.id(), null))
        .isInstanceOf(BlockConflictException.class);
    assertThatThrownBy(() -> knowledge.retract(retraction.id(), null))
        .isInstanceOf(BlockConflictException.class);
    assertThatThrownBy(() -> knowledge.retract(new BlockId("cd".repeat(32)), null))
        .isInstanceOf(BlockNotFoundException.class);
  }

  @Test
  void importIsAllOrNothingUnlessInvalidLinesMayBeSkipped() {
    TestBlocks other = new TestBlocks(2);
    String good = BlockCodec.toJson(other.fact("good"));
    String bad = BlockCodec.toJson(tampered(other.fact("bad")));
    String lines = good + "\n\n" + bad + "\n";

    ImportReport strict =
        knowledge.importJsonLines(new BufferedReader(new StringReader(lines)), false);
    assertThat(strict.stored()).isZero();
    assertThat(strict.rejected()).extracting(ImportReport.Rejection::line).containsExactly(3);
    assertThat(store.stats().blocks()).isZero();

    ImportReport lenient =
        knowledge.importJsonLines(new BufferedReader(new StringReader(lines)), true);
    assertThat(lenient.stored()).isEqualTo(1);
    assertThat(store.stats().blocks()).isEqualTo(1);
  }

  @Test
  void listenersHearOfEveryCommittedBlockButNotOfRejectedWork() {
    List<KnowledgeBlock> heard = new ArrayList<>();
    knowledge.addListener(heard::addAll);

    KnowledgeBlock one = knowledge.add(BlockDraft.fact("one"));
    List<KnowledgeBlock> more =
        knowledge.addAll(List.of(BlockDraft.fact("a"), BlockDraft.fact("b")));
    KnowledgeBlock retraction = knowledge.retract(one.id(), "wrong");
    BlockId unknown = new BlockId("cd".repeat(32));
    assertThatThrownBy(() -> knowledge.retract(unknown, "no such block"))
        .isInstanceOf(BlockNotFoundException.class);
    KnowledgeBlock foreign = new TestBlocks(2).fact("from another device");
    assertThat(knowledge.storeVerified(List.of(foreign))).isEqualTo(1);

    assertThat(heard).containsExactly(one, more.get(0), more.get(1), retraction, foreign);
    assertThat(store.contains(foreign.id())).isTrue();
  }

  private static KnowledgeBlock tampered(KnowledgeBlock b) {
    return TestBlocks.withContent(b, b.content() + "!");
  }
}
