package ai.kiana.ai.chat;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.ai.retrieval.StoreSearchRetriever;
import ai.kiana.core.block.BlockDraft;
import ai.kiana.core.block.BlockType;
import ai.kiana.core.block.BlockVerifier;
import ai.kiana.core.block.KnowledgeBase;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.crypto.Ed25519Engines;
import ai.kiana.testkit.InMemoryBlockStore;
import ai.kiana.testkit.TestBlocks;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AnswererTest {

  private KnowledgeBase knowledge;
  private KnowledgeBlock rhine;

  @BeforeEach
  void teach() {
    TestBlocks tb = new TestBlocks();
    knowledge =
        new KnowledgeBase(
            new InMemoryBlockStore(), tb.author(), new BlockVerifier(Ed25519Engines.fastest()));
    rhine =
        knowledge.add(
            BlockDraft.fact(
                "Der Rhein ist 1233 km lang. Er fließt durch sechs Länder. Basel liegt am Rhein."));
    knowledge.add(BlockDraft.fact("Paris is the capital of France."));
    knowledge.add(
        new BlockDraft(
            BlockType.NOTE,
            "Garden",
            "The tomatoes need water every evening.",
            "en",
            List.of(),
            null,
            List.of(),
            null));
  }

  private Answerer extractive() {
    ExtractiveBackend e = new ExtractiveBackend();
    return new Answerer(new StoreSearchRetriever(knowledge), () -> e, e);
  }

  @Test
  void extractiveAnswerQuotesTheMatchingSentenceWithItsCitation() {
    StringBuilder streamed = new StringBuilder();
    Answer a = extractive().answer("Wie lang ist der Rhein?", List.of(), streamed::append);

    assertThat(a.text()).isEqualTo(streamed.toString());
    assertThat(a.text()).startsWith("Der Rhein ist 1233 km lang. [1]");
    assertThat(a.text()).doesNotContain("Paris");
    assertThat(a.citations()).extracting(p -> p.block().id()).containsExactly(rhine.id());
    assertThat(a.declined()).isFalse();
    assertThat(a.backend()).isEqualTo("extractive");
  }

  @Test
  void questionWithOnlyOneOfTwoWordsKnownIsDeclinedNotAnsweredFromTheWrongFact() {
    Answer a = extractive().answer("What is the capital of Germany?", List.of(), t -> {});

    assertThat(a.declined()).isTrue();
    assertThat(a.citations()).isEmpty();
    assertThat(a.text()).isEqualTo(ExtractiveBackend.DECLINE_EN);
  }

  @Test
  void unknownGermanQuestionIsDeclinedInGerman() {
    Answer a = extractive().answer("Wer hat die Glühbirne erfunden?", List.of(), t -> {});

    assertThat(a.declined()).isTrue();
    assertThat(a.text()).isEqualTo(ExtractiveBackend.DECLINE_DE);
  }

  @Test
  void questionOfOnlyFunctionWordsIsDeclined() {
    assertThat(extractive().answer("what is it?", List.of(), t -> {}).declined()).isTrue();
  }

  @Test
  void retractedKnowledgeIsNotUsed() {
    knowledge.retract(rhine.id(), "wrong");
    assertThat(extractive().answer("Wie lang ist der Rhein?", List.of(), t -> {}).declined())
        .isTrue();
  }

  @Test
  void downBackendGivesAClearNoteAndTheExtractiveAnswer() throws Exception {
    URI closed;
    try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = URI.create("http://127.0.0.1:" + s.getLocalPort());
    }
    try (HttpClient http = HttpClient.newHttpClient()) {
      OllamaBackend ollama = new OllamaBackend(http, closed, "llama3.2", Duration.ofSeconds(2));
      ExtractiveBackend e = new ExtractiveBackend();
      Answer a =
          new Answerer(new StoreSearchRetriever(knowledge), () -> ollama, e)
              .answer("Wie lang ist der Rhein?", List.of(), t -> {});

      assertThat(a.backend()).isEqualTo("extractive");
      assertThat(a.fallbackReason().code()).isEqualTo("backend_unreachable");
      assertThat(a.text()).contains("Kein Modell verfügbar").contains(closed.toString());
      assertThat(a.text()).contains("Der Rhein ist 1233 km lang. [1]");
    }
  }

  @Test
  void backendThatBreaksOffKeepsWhatItSaidAndAddsTheExtractiveAnswer() {
    ChatBackend breaking =
        new ChatBackend() {
          @Override
          public String name() {
            return "ollama";
          }

          @Override
          public void answer(ChatRequest request, java.util.function.Consumer<String> tokens) {
            tokens.accept("Der Rhein");
            throw new BackendException("backend_disconnected", "the ollama server stopped");
          }
        };
    ExtractiveBackend e = new ExtractiveBackend();
    Answer a =
        new Answerer(new StoreSearchRetriever(knowledge), () -> breaking, e)
            .answer("Wie lang ist der Rhein?", List.of(), t -> {});

    assertThat(a.text()).startsWith("Der Rhein\n\n_(Kein Modell verfügbar");
    assertThat(a.text()).endsWith("[1]");
  }
}
