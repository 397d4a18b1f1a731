package ai.kiana.ai.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.ai.embedding.Embedder;
import ai.kiana.ai.embedding.OnnxEmbedder;
import ai.kiana.core.block.BlockDraft;
import ai.kiana.core.block.BlockType;
import ai.kiana.core.block.BlockVerifier;
import ai.kiana.core.block.KnowledgeBase;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.block.Scope;
import ai.kiana.core.crypto.Ed25519Engines;
import ai.kiana.store.index.BlockIndex;
import ai.kiana.testkit.InMemoryBlockStore;
import ai.kiana.testkit.TestBlocks;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HybridRetrieverTest {

  static Embedder embedder;

  @TempDir Path dir;
  TestBlocks blocks;
  InMemoryBlockStore store;
  KnowledgeBase kb;
  KnowledgeIndex index;
  HybridRetriever retriever;

  @BeforeAll
  static void loadModel() {
    embedder = OnnxEmbedder.bundled();
  }

  @AfterAll
  static void closeModel() {
    embedder.close();
  }

  @BeforeEach
  void open() {
    blocks = new TestBlocks();
    store = new InMemoryBlockStore();
    kb = new KnowledgeBase(store, blocks.author(), new BlockVerifier(Ed25519Engines.fastest()));
    openIndex();
  }

  void openIndex() {
    index = new KnowledgeIndex(store, BlockIndex.open(dir.resolve("index")), embedder);
    index.ensureConsistent();
    kb.addListener(index);
    retriever = new HybridRetriever(index);
  }

  @AfterEach
  void close() {
    index.close();
  }

  KnowledgeBlock teach(String text, String lang) {
    return kb.add(
        new BlockDraft(BlockType.FACT, "", text, lang, List.of(), null, List.of(), Scope.PRIVATE));
  }

  List<String> top(String question, int k) {
    return retriever.retrieve(question, k).stream().map(p -> p.block().content()).toList();
  }

  void teachSome() {
    teach("The Eiffel Tower in Paris is 330 metres tall.", "en");
    teach("Our cat Minka was born in March 2019 and likes tuna.", "en");
    teach("Die Zugspitze ist mit 2962 Metern der höchste Berg Deutschlands.", "de");
    teach("Sourdough bread needs a starter that is fed with flour and water every day.", "en");
    teach("In den alten Häusern der Altstadt gibt es keine Heizung.", "de");
  }

  @Test
  void chatTurnsIndexedInTheBackgroundAreInTheIndexAfterCloseAndNotFound() {
    teachSome();
    for (int i = 0; i < 20; i++) {
      kb.add(
          new BlockDraft(
              BlockType.CHAT,
              "Cat question",
              "How old is our cat Minka? " + i,
              "en",
              List.of("chat:c" + i),
              null,
              List.of(),
              Scope.PRIVATE));
    }
    // A fact taught right after the turns is found at once, the turns never.
    teach("Our dog Bello sleeps in the garden shed.", "en");
    assertThat(top("Where does Bello sleep?", 1))
        .containsExactly("Our dog Bello sleeps in the garden shed.");
    assertThat(top("How old is our cat Minka?", 5)).noneMatch(t -> t.startsWith("How old"));
    index.close();
    openIndex();
    // Every deferred marker was written before the close: nothing to catch up.
    assertThat(index.ensureConsistent()).isEqualTo(KnowledgeIndex.Repair.NONE);
    assertThat(index.index().size()).isEqualTo(store.stats().blocks());
  }

  @Test
  void findsATaughtFactByItsWords() {
    teachSome();
    assertThat(top("How tall is the Eiffel Tower?", 1)).first().asString().contains("330");
  }

  @Test
  void findsAParaphraseThroughVectors() {
    teachSome();
    assertThat(top("When is the birthday of my kitten?", 1)).first().asString().contains("Minka");
  }

  @Test
  void germanStemmingMatchesInflectedForms() {
    teachSome();
    assertThat(top("Welches Haus hat keine Heizung?", 1)).first().asString().contains("Häusern");
    assertThat(top("höchster Berg in Deutschland", 1)).first().asString().contains("Zugspitze");
  }

  @Test
  void supersededBlockIsNeverReturnedButItsEditIs() {
    KnowledgeBlock old = teach("The wifi password is tulip42.", "en");
    kb.add(
        new BlockDraft(
            BlockType.FACT,
            "",
            "The wifi password is orchid77.",
            "en",
            List.of(),
            null,
            List.of(old.id()),
            Scope.PRIVATE));
    assertThat(top("wifi password", 5)).containsExactly("The wifi password is orchid77.");
  }

  @Test
  void retractedBlockIsNeverReturned() {
    KnowledgeBlock b = teach("The spare key is under the flower pot.", "en");
    kb.retract(b.id(), "moved");
    assertThat(top("Where is the spare key?", 5)).isEmpty();
  }

  @Test
  void editArrivingBySyncBeforeTheOriginalStillHidesTheOriginal() {
    TestBlocks other = new TestBlocks(2);
    KnowledgeBlock original = other.fact("The meeting is on Monday at nine.");
    KnowledgeBlock edit = other.edit(original, "The meeting is on Tuesday at ten.");
    kb.storeVerified(List.of(edit));
    kb.storeVerified(List.of(original));
    assertThat(top("When is the meeting?", 5)).containsExactly("The meeting is on Tuesday at ten.");
  }

  @Test
  void indexThatFellBehindTheStoreCatchesUpAtOpen() {
    teach("Indexed before the crash: the boiler was serviced in May.", "en");
    index.close();
    // Blocks committed to the store while the index did not hear of them (crash in between).
    store.put(blocks.fact("Committed during the crash: the roof was repaired in June."));
    kb = new KnowledgeBase(store, blocks.author(), new BlockVerifier(Ed25519Engines.fastest()));
    index = new KnowledgeIndex(store, BlockIndex.open(dir.resolve("index")), embedder);
    assertThat(index.ensureConsistent()).isEqualTo(KnowledgeIndex.Repair.CAUGHT_UP);
    retriever = new HybridRetriever(index);
    assertThat(top("When was the roof repaired?", 1)).first().asString().contains("June");
    assertThat(index.index().size()).isEqualTo(store.stats().blocks());
  }

  @Test
  void indexWithBlocksTheStoreLacksIsRebuilt() {
    teach("A fact from before the restore.", "en");
    index.close();
    store = new InMemoryBlockStore();
    store.put(blocks.fact("The only fact of the restored store."));
    index = new KnowledgeIndex(store, BlockIndex.open(dir.resolve("index")), embedder);
    assertThat(index.ensureConsistent()).isEqualTo(KnowledgeIndex.Repair.REBUILT);
    retriever = new HybridRetriever(index);
    assertThat(top("fact", 5)).containsExactly("The only fact of the restored store.");
  }

  @Test
  void damagedIndexFilesAreThrownAwayAndRebuiltFromTheStore() throws Exception {
    teach("The chimney sweep comes every November.", "en");
    index.close();
    try (var files = java.nio.file.Files.list(dir.resolve("index"))) {
      for (Path f : files.filter(p -> p.getFileName().toString().startsWith("segments")).toList()) {
        java.nio.file.Files.write(f, new byte[] {1, 2, 3, 4});
      }
    }
    index = new KnowledgeIndex(store, BlockIndex.open(dir.resolve("index")), embedder);
    assertThat(index.ensureConsistent()).isEqualTo(KnowledgeIndex.Repair.REBUILT);
    retriever = new HybridRetriever(index);
    assertThat(top("When does the chimney sweep come?", 1)).first().asString().contains("November");
  }

  @Test
  void indexBuiltWithAnotherModelIsRebuilt() {
    teach("The recycling bin is emptied on Thursdays.", "en");
    index
        .index()
        .commit(java.util.Map.of("embedding.model", "some-other-model", "index.format", "1"));
    index.close();
    index = new KnowledgeIndex(store, BlockIndex.open(dir.resolve("index")), embedder);
    assertThat(index.ensureConsistent()).isEqualTo(KnowledgeIndex.Repair.REBUILT);
  }

  @Test
  void unansweredQuestionIsDeclinedAndAnsweredOneIsNot() {
    teachSome();
    assertThat(retriever.search("How tall is the Eiffel Tower?", 5, SearchMode.HYBRID).declined())
        .isFalse();
    assertThat(
            retriever
                .search("What is the capital of Australia's neighbour?", 5, SearchMode.HYBRID)
                .declined())
        .isTrue();
  }

  @Test
  void aNearMissAboutSomethingTheKnowledgeNeverMentionsIsDeclined() {
    teachSome();
    teach("In Vienna we stayed at a small hotel near the cathedral for four nights.", "en");
    teach("The train from Munich to Vienna takes four hours.", "en");
    assertThat(retriever.search("Where did we stay in Vienna?", 5).declined()).isFalse();
    // Shares "we" and a travel topic, but Porto is in no document: the word that matters.
    SearchResult unknown = retriever.search("What did we visit in Porto?", 5);
    assertThat(unknown.declined()).isTrue();
  }

  @Test
  void blankOrHugeQuestionsAreHandled() {
    teachSome();
    assertThat(retriever.retrieve("  ", 5)).isEmpty();
    String huge = "Eiffel tower height ".repeat(50_000);
    assertThat(top(huge, 1)).first().asString().contains("Eiffel");
  }

  @Test
  void chatTurnsAreNotKnowledge() {
    kb.add(TestBlocks.draft(BlockType.CHAT, "", "user: what is the zebra code?"));
    assertThat(top("zebra code", 5)).isEmpty();
  }

  @Test
  void aSmallKnowledgeBaseStillAnswersAPlainQuestionAboutWhatItHolds() {
    // One block: every question word it lacks is in no document, so question words such as
    // "what" and "does" must not count as missing knowledge.
    kb.add(
        new BlockDraft(
            BlockType.FACT,
            "Hostile <img src=x>",
            "Hostile <script>x = 1</script> text <img src=x> and [a link](javascript:x=3) **bold**",
            null,
            List.of(),
            null,
            List.of(),
            Scope.PRIVATE));
    assertThat(retriever.search("What does the hostile text say?", 5).declined()).isFalse();
  }
}
