package ai.kiana.server.chat;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.block.BlockDraft;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.json.Json;
import ai.kiana.server.http.TestNode;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChatApiTest {

  @TempDir Path dir;
  private TestNode t;
  private KnowledgeBlock rhine;

  @BeforeEach
  void start() {
    t = TestNode.start(dir);
    rhine =
        t.node
            .knowledge()
            .add(BlockDraft.fact("Der Rhein ist 1233 km lang. Er fließt in die Nordsee."));
    t.node.knowledge().add(BlockDraft.fact("Paris is the capital of France."));
  }

  @AfterEach
  void stop() {
    t.close();
  }

  static String ask(String message, String conversation) {
    return Json.mapper()
        .createObjectNode()
        .put("message", message)
        .put("conversation", conversation)
        .toString();
  }

  SseEvents chat(String message, String conversation) {
    TestNode.Reply r = t.postJson("/api/v1/chat", ask(message, conversation));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.header("Content-Type").orElse("")).startsWith("text/event-stream");
    return SseEvents.parse(r.body());
  }

  @Test
  void answerStreamsMetaTokensCitationsAndDoneInThatOrder() {
    SseEvents e = chat("Wie lang ist der Rhein?", null);

    assertThat(e.names()).containsExactly("meta", "token", "citations", "done");
    assertThat(e.text()).isEqualTo("Der Rhein ist 1233 km lang. [1]");
    JsonNode c = e.first("citations").get("citations").get(0);
    assertThat(c.get("n").asInt()).isEqualTo(1);
    assertThat(c.get("id").asText()).isEqualTo(rhine.id().hex());
    assertThat(c.get("title").asText()).startsWith("Der Rhein ist 1233 km lang.");
    assertThat(c.get("snippet").asText()).isEqualTo("Der Rhein ist 1233 km lang.");
    assertThat(c.get("source").isNull()).isTrue();
    assertThat(c.get("author").asText()).isEqualTo(t.node.identity().deviceId().hex());
    assertThat(c.get("signature").asText()).isEqualTo("verified");
    JsonNode done = e.first("done");
    assertThat(done.get("backend").asText()).isEqualTo("extractive");
    assertThat(done.get("declined").asBoolean()).isFalse();
    assertThat(done.get("filter").isNull()).isTrue();
    assertThat(e.first("meta").get("question_turn").asText()).hasSize(64);
  }

  @Test
  void questionBeyondTheKnowledgeIsDeclinedPlainly() {
    SseEvents e = chat("What is the capital of Germany?", null);
    assertThat(e.first("done").get("declined").asBoolean()).isTrue();
    assertThat(e.first("citations").get("citations")).isEmpty();
    assertThat(e.text()).startsWith("I don't know that");
  }

  @Test
  void conversationIsStoredListedResumedAndDeleted() {
    SseEvents first = chat("Wie lang ist der Rhein?", null);
    String id = first.first("meta").get("conversation").asText();
    SseEvents second = chat("Wohin fließt der Rhein?", id);
    assertThat(second.first("meta").get("conversation").asText()).isEqualTo(id);

    JsonNode list = t.get("/api/v1/chats").json().get("conversations");
    assertThat(list).hasSize(1);
    assertThat(list.get(0).get("id").asText()).isEqualTo(id);
    assertThat(list.get(0).get("title").asText()).isEqualTo("Wie lang ist der Rhein?");
    assertThat(list.get(0).get("turns").asInt()).isEqualTo(4);

    JsonNode conv = t.get("/api/v1/chats/" + id).json();
    JsonNode turns = conv.get("turns");
    assertThat(turns).hasSize(4);
    assertThat(turns.get(0).get("role").asText()).isEqualTo("user");
    assertThat(turns.get(1).get("role").asText()).isEqualTo("assistant");
    assertThat(turns.get(1).get("text").asText()).isEqualTo("Der Rhein ist 1233 km lang. [1]");
    assertThat(turns.get(1).get("turn").asText())
        .isEqualTo(first.first("done").get("turn").asText());
    assertThat(turns.get(1).get("citations").get(0).get("id").asText()).isEqualTo(rhine.id().hex());
    assertThat(turns.get(3).get("text").asText()).contains("Nordsee");
    assertThat(turns.get(1).get("rating").isNull()).isTrue();

    assertThat(t.delete("/api/v1/chats/" + id).status()).isEqualTo(204);
    assertThat(t.get("/api/v1/chats/" + id).status()).isEqualTo(404);
    assertThat(t.get("/api/v1/chats").json().get("conversations")).isEmpty();
    // The knowledge the answers cited is untouched.
    assertThat(t.node.knowledge().view(rhine.id()).live()).isTrue();
  }

  @Test
  void badQuestionsGetA400BeforeAnyStreaming() {
    TestNode.Reply empty = t.postJson("/api/v1/chat", ask("   ", null));
    assertThat(empty.status()).isEqualTo(400);
    assertThat(empty.json().get("field").asText()).isEqualTo("message");

    TestNode.Reply huge = t.postJson("/api/v1/chat", ask("x".repeat(1024 * 1024), null));
    assertThat(huge.status()).isEqualTo(400);
    assertThat(huge.json().get("message").asText()).contains("at most 8000");

    // The longest allowed question, one 8000-character word, is answered (declined), not a 500.
    assertThat(chat("x".repeat(8000), null).first("done").get("declined").asBoolean()).isTrue();

    TestNode.Reply missing = t.postJson("/api/v1/chat", "{}");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.json().get("error").asText()).isEqualTo("missing_field");

    TestNode.Reply extra = t.postJson("/api/v1/chat", "{\"message\":\"hi\",\"stream\":true}");
    assertThat(extra.json().get("error").asText()).isEqualTo("unknown_field");
  }

  @Test
  void unknownConversationIs404AndStoresNothing() {
    long before = t.node.knowledge().stats().blocks();
    TestNode.Reply r = t.postJson("/api/v1/chat", ask("Hallo?", "0".repeat(32)));
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.json().get("error").asText()).isEqualTo("conversation_not_found");
    assertThat(t.postJson("/api/v1/chat", ask("Hallo?", "not-an-id")).status()).isEqualTo(404);
    assertThat(t.get("/api/v1/chats/" + "0".repeat(32)).status()).isEqualTo(404);
    assertThat(t.node.knowledge().stats().blocks()).isEqualTo(before);
  }

  @Test
  void ratingATurnTwiceKeepsTheLatestValue() {
    SseEvents e = chat("Wie lang ist der Rhein?", null);
    String turn = e.first("done").get("turn").asText();
    String id = e.first("meta").get("conversation").asText();

    TestNode.Reply up = t.postJson("/api/v1/chat/" + turn + "/rating", "{\"value\":5}");
    assertThat(up.status()).isEqualTo(200);
    assertThat(up.json().get("turn").asText()).isEqualTo(turn);
    assertThat(up.json().get("value").asInt()).isEqualTo(5);
    assertThat(t.postJson("/api/v1/chat/" + turn + "/rating", "{\"value\":1}").status())
        .isEqualTo(200);

    assertThat(t.get("/api/v1/chats/" + id).json().get("turns").get(1).get("rating").asInt())
        .isEqualTo(1);
  }

  @Test
  void ratingsOfBlocksAreValidated() {
    assertThat(
            t.postJson("/api/v1/blocks/" + rhine.id().hex() + "/rating", "{\"value\":4}").status())
        .isEqualTo(200);
    assertThat(
            t.postJson("/api/v1/blocks/" + rhine.id().hex() + "/rating", "{\"value\":7}").status())
        .isEqualTo(400);
    assertThat(t.postJson("/api/v1/blocks/" + "a".repeat(64) + "/rating", "{\"value\":4}").status())
        .isEqualTo(404);
    // A fact is not a chat turn.
    assertThat(t.postJson("/api/v1/chat/" + rhine.id().hex() + "/rating", "{\"value\":4}").status())
        .isEqualTo(404);
  }
}
