package ai.kiana.ai.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.block.BlockDraft;
import ai.kiana.core.block.BlockType;
import ai.kiana.core.block.BlockVerifier;
import ai.kiana.core.block.KnowledgeBase;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.block.Scope;
import ai.kiana.core.crypto.Ed25519Engines;
import ai.kiana.testkit.InMemoryBlockStore;
import ai.kiana.testkit.TestBlocks;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoreSearchRetrieverTest {

  private final KnowledgeBase knowledge =
      new KnowledgeBase(
          new InMemoryBlockStore(),
          new TestBlocks().author(),
          new BlockVerifier(Ed25519Engines.fastest()));

  @Test
  void blockWithMoreOfTheQuestionsWordsRanksFirst() {
    KnowledgeBlock both = knowledge.add(BlockDraft.fact("The Everest is 8849 metres high."));
    knowledge.add(BlockDraft.fact("Everest base camp has a bakery."));
    knowledge.add(BlockDraft.fact("Nothing to do with it."));

    List<Passage> found = new StoreSearchRetriever(knowledge).retrieve("How high is Everest?", 5);

    assertThat(found).hasSize(2);
    assertThat(found.getFirst().block().id()).isEqualTo(both.id());
    assertThat(found.getFirst().snippet()).isEqualTo("The Everest is 8849 metres high.");
  }

  @Test
  void supersededEditsAndChatTurnsAreNotRetrieved() {
    KnowledgeBlock old = knowledge.add(BlockDraft.fact("My bike is red."));
    KnowledgeBlock edit =
        knowledge.add(
            new BlockDraft(
                BlockType.FACT,
                "",
                "My bike is blue.",
                null,
                List.of(),
                null,
                List.of(old.id()),
                Scope.PRIVATE));
    knowledge.add(
        new BlockDraft(
            BlockType.CHAT,
            "",
            "What colour is my bike?",
            null,
            List.of(),
            null,
            List.of(),
            Scope.PRIVATE));

    List<Passage> found = new StoreSearchRetriever(knowledge).retrieve("bike colour", 5);

    assertThat(found).extracting(p -> p.block().id()).containsExactly(edit.id());
  }

  @Test
  void pluralInTheQuestionFindsTheSingularInTheBlock() {
    KnowledgeBlock b = knowledge.add(BlockDraft.fact("Berlin is a capital."));
    assertThat(new StoreSearchRetriever(knowledge).retrieve("capitals", 5))
        .extracting(p -> p.block().id())
        .containsExactly(b.id());
  }

  @Test
  void emptyQuestionFindsNothing() {
    knowledge.add(BlockDraft.fact("Anything."));
    assertThat(new StoreSearchRetriever(knowledge).retrieve("", 5)).isEmpty();
  }
}
