package ai.kiana.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.block.BlockCodec;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.identity.DeviceId;
import ai.kiana.testkit.TestBlocks;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockApiTest {

  @TempDir Path dataDir;
  TestNode server;

  @BeforeEach
  void start() {
    server = TestNode.start(dataDir);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void postingAFactReturnsAVerifiedSignedBlockThatGetReturnsIdentically() {
    TestNode.Reply posted =
        server.postJson(
            "/api/v1/blocks",
            """
            {"type":"fact","title":" Garden ","content":"The tomatoes need water every evening.",
             "lang":"en","tags":["home","garden"],"scope":"household",
             "source":{"uri":"file:///notes/garden.md","sha256":null}}
            """);

    assertThat(posted.status()).isEqualTo(201);
    JsonNode view = posted.json();
    JsonNode block = view.get("block");
    String id = block.get("id").textValue();
    DeviceId node = server.node.identity().deviceId();
    assertThat(posted.header("Location")).hasValue("/api/v1/blocks/" + id);
    assertThat(block.get("type").textValue()).isEqualTo("fact");
    assertThat(block.get("title").textValue()).isEqualTo("Garden");
    assertThat(block.get("tags")).extracting(JsonNode::textValue).containsExactly("garden", "home");
    assertThat(block.get("scope").textValue()).isEqualTo("household");
    assertThat(block.get("author").textValue()).isEqualTo(node.hex());
    assertThat(block.get("sig").textValue()).hasSize(128);
    assertThat(view.get("verification").get("status").textValue()).isEqualTo("verified");
    assertThat(view.get("verification").get("signer").textValue()).isEqualTo(node.hex());
    assertThat(view.get("verification").get("signerDisplay").textValue()).isEqualTo(node.display());
    assertThat(view.get("live").booleanValue()).isTrue();
    assertThat(view.get("retracted").booleanValue()).isFalse();
    // The JSON is the block's own wire form: it parses back into a block that verifies.
    KnowledgeBlock parsed = BlockCodec.fromNode(block);
    assertThat(server.node.knowledge().verify(parsed).isValid()).isTrue();

    TestNode.Reply fetched = server.get("/api/v1/blocks/" + id);

    assertThat(fetched.status()).isEqualTo(200);
    assertThat(fetched.json()).isEqualTo(view);
  }

  @Test
  void onlyTypeAndContentAreRequiredAndDefaultsApply() {
    JsonNode block =
        server
            .postJson("/api/v1/blocks", "{\"type\":\"note\",\"content\":\"x\"}")
            .json()
            .get("block");

    assertThat(block.get("title").textValue()).isEmpty();
    assertThat(block.get("scope").textValue()).isEqualTo("private");
    assertThat(block.get("tags")).isEmpty();
    assertThat(block.get("lang").isNull()).isTrue();
    assertThat(block.get("source").isNull()).isTrue();
  }

  @Test
  void postingAnEditSupersedesTheOldBlock() {
    String old = postId("{\"type\":\"fact\",\"content\":\"The sky is green.\"}");

    String edit =
        postId(
            "{\"type\":\"fact\",\"content\":\"The sky is blue.\",\"supersedes\":[\""
                + old.toUpperCase()
                + "\"]}");

    JsonNode oldView = server.get("/api/v1/blocks/" + old).json();
    assertThat(oldView.get("supersededBy")).extracting(JsonNode::textValue).containsExactly(edit);
    assertThat(oldView.get("live").booleanValue()).isFalse();
    assertThat(oldView.get("retracted").booleanValue()).isFalse();
    assertThat(listIds("/api/v1/blocks")).containsExactly(edit);
  }

  @Test
  void listFiltersByTypeTagTextAndTime() {
    Instant t0 = server.clock.instant();
    String fact =
        postId("{\"type\":\"fact\",\"content\":\"Anna likes Tea\",\"tags\":[\"family\"]}");
    server.clock.advance(Duration.ofHours(1));
    Instant t1 = server.clock.instant();
    String note =
        postId("{\"type\":\"note\",\"content\":\"Buy tea and bread\",\"tags\":[\"shopping\"]}");
    server.clock.advance(Duration.ofHours(1));
    Instant t2 = server.clock.instant();
    String memory =
        postId(
            "{\"type\":\"memory\",\"title\":\"Trip\",\"content\":\"Vienna in May\",\"tags\":[\"family\",\"travel\"]}");

    assertThat(listIds("/api/v1/blocks")).containsExactly(memory, note, fact);
    assertThat(listIds("/api/v1/blocks?type=note")).containsExactly(note);
    assertThat(listIds("/api/v1/blocks?type=note,memory")).containsExactly(memory, note);
    assertThat(listIds("/api/v1/blocks?type=fact&type=memory")).containsExactly(memory, fact);
    assertThat(listIds("/api/v1/blocks?tag=family")).containsExactly(memory, fact);
    assertThat(listIds("/api/v1/blocks?q=TEA")).containsExactly(note, fact);
    assertThat(listIds("/api/v1/blocks?q=" + TestNode.encode("trip"))).containsExactly(memory);
    assertThat(listIds("/api/v1/blocks?from=" + t1)).containsExactly(memory, note);
    assertThat(listIds("/api/v1/blocks?to=" + t1)).containsExactly(fact);
    assertThat(listIds("/api/v1/blocks?from=" + t0 + "&to=" + t2)).containsExactly(note, fact);
    assertThat(listIds("/api/v1/blocks?type=fact,note&tag=family&q=anna")).containsExactly(fact);
  }

  @Test
  void timeFiltersFarOutsideTheStoredRangeAreAcceptedAndMatchAccordingly() {
    String id = postId("{\"type\":\"fact\",\"content\":\"x\"}");

    assertThat(
            listIds(
                "/api/v1/blocks?from=1900-01-01T00:00:00Z&to="
                    + TestNode.encode("+10000-01-01T00:00:00Z")))
        .containsExactly(id);
    assertThat(listIds("/api/v1/blocks?from=" + TestNode.encode("+10000-01-01T00:00:00Z")))
        .isEmpty();
    assertThat(listIds("/api/v1/blocks?to=1900-01-01T00:00:00Z")).isEmpty();
  }

  @Test
  void listFiltersByAuthorInHexOrDisplayForm() {
    TestBlocks otherDevice = new TestBlocks(2);
    KnowledgeBlock imported = otherDevice.fact("From the laptop");
    assertThat(importLines(BlockCodec.toJson(imported) + "\n").status()).isEqualTo(200);
    String own = postId("{\"type\":\"fact\",\"content\":\"From this node\"}");
    DeviceId laptop = otherDevice.identity().deviceId();
    DeviceId self = server.node.identity().deviceId();

    assertThat(listIds("/api/v1/blocks?author=" + laptop.hex()))
        .containsExactly(imported.id().hex());
    assertThat(listIds("/api/v1/blocks?author=" + TestNode.encode(laptop.display())))
        .containsExactly(imported.id().hex());
    assertThat(listIds("/api/v1/blocks?author=" + TestNode.encode(self.display().toLowerCase())))
        .containsExactly(own);
  }

  @Test
  void cursorPaginationWalksEveryBlockExactlyOnce() {
    Set<String> posted = new HashSet<>();
    for (int i = 0; i < 7; i++) {
      posted.add(postId("{\"type\":\"note\",\"content\":\"note " + i + "\"}"));
      if (i % 2 == 0) {
        server.clock.advance(Duration.ofMillis(1)); // mix same-millisecond and later blocks
      }
    }

    List<String> walked = new ArrayList<>();
    List<Integer> pageSizes = new ArrayList<>();
    String next = null;
    do {
      JsonNode page =
          server.get("/api/v1/blocks?limit=3" + (next == null ? "" : "&cursor=" + next)).json();
      List<String> ids = ids(page);
      walked.addAll(ids);
      pageSizes.add(ids.size());
      next = page.get("next").isNull() ? null : page.get("next").textValue();
    } while (next != null);

    assertThat(walked).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(posted);
    assertThat(pageSizes).containsExactly(3, 3, 1);
  }

  @Test
  void deleteRetractsTheBlockWithASignedRetraction() {
    String id = postId("{\"type\":\"fact\",\"content\":\"The meeting is on Monday.\"}");

    TestNode.Reply deleted =
        server.delete("/api/v1/blocks/" + id + "?reason=" + TestNode.encode("moved to Tuesday"));

    assertThat(deleted.status()).isEqualTo(200);
    JsonNode retraction = deleted.json();
    assertThat(retraction.get("type").textValue()).isEqualTo("retraction");
    assertThat(retraction.get("content").textValue()).isEqualTo("moved to Tuesday");
    assertThat(retraction.get("supersedes")).extracting(JsonNode::textValue).containsExactly(id);
    assertThat(server.node.knowledge().verify(BlockCodec.fromNode(retraction)).isValid()).isTrue();
    assertThat(listIds("/api/v1/blocks")).doesNotContain(id);
    assertThat(listIds("/api/v1/blocks?state=all")).contains(id, retraction.get("id").textValue());
    JsonNode view = server.get("/api/v1/blocks/" + id).json();
    assertThat(view.get("retracted").booleanValue()).isTrue();
    assertThat(view.get("live").booleanValue()).isFalse();
    assertThat(view.get("supersededBy"))
        .extracting(JsonNode::textValue)
        .containsExactly(retraction.get("id").textValue());
  }

  @Test
  void retractingTwiceOrRetractingARetractionIsAConflict() {
    String id = postId("{\"type\":\"fact\",\"content\":\"x\"}");
    String retraction = server.delete("/api/v1/blocks/" + id).json().get("id").textValue();

    TestNode.Reply again = server.delete("/api/v1/blocks/" + id);
    TestNode.Reply ofRetraction = server.delete("/api/v1/blocks/" + retraction);

    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().get("error").textValue()).isEqualTo("conflict");
    assertThat(ofRetraction.status()).isEqualTo(409);
  }

  @Test
  void deletingAnUnknownBlockIsNotFound() {
    TestNode.Reply reply = server.delete("/api/v1/blocks/" + "0".repeat(64));

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.json().get("error").textValue()).isEqualTo("block_not_found");
  }

  @Test
  void importOfATamperedBlockIsRejectedNamingTheLineAndStoresNothing() {
    TestBlocks device = new TestBlocks(2);
    ObjectNode tampered = BlockCodec.toNode(device.fact("I owe you 10 euros"));
    tampered.put("content", "I owe you 1000 euros");
    String lines =
        BlockCodec.toJson(device.fact("first"))
            + "\n"
            + tampered
            + "\n"
            + BlockCodec.toJson(device.fact("third"))
            + "\n";

    TestNode.Reply reply = importLines(lines);

    assertThat(reply.status()).isEqualTo(422);
    JsonNode report = reply.json();
    assertThat(report.get("error").textValue()).isEqualTo("import_rejected");
    assertThat(report.get("lines").intValue()).isEqualTo(3);
    assertThat(report.get("stored").intValue()).isZero();
    assertThat(report.get("rejected")).hasSize(1);
    assertThat(report.get("rejected").get(0).get("line").intValue()).isEqualTo(2);
    assertThat(report.get("rejected").get(0).get("reason").textValue())
        .contains("id does not match");
    assertThat(listIds("/api/v1/blocks?state=all")).isEmpty();
  }

  @Test
  void importWithSkipInvalidStoresTheValidLinesAndStillReportsTheRejectedOne() {
    TestBlocks device = new TestBlocks(2);
    KnowledgeBlock good = device.fact("good");
    String lines = BlockCodec.toJson(good) + "\n{\"not\":\"a block\"}\n";

    TestNode.Reply reply =
        server.post("/api/v1/blocks/import?skipInvalid=true", "text/plain; charset=utf-8", lines);

    assertThat(reply.status()).isEqualTo(422);
    assertThat(reply.json().get("stored").intValue()).isEqualTo(1);
    assertThat(reply.json().get("rejected").get(0).get("line").intValue()).isEqualTo(2);
    assertThat(listIds("/api/v1/blocks")).containsExactly(good.id().hex());
  }

  @Test
  void importingTheSameBlocksTwiceCountsDuplicates() {
    String lines =
        new TestBlocks(3)
            .random(5).stream().map(BlockCodec::toJson).collect(Collectors.joining("\n", "", "\n"));

    JsonNode first = importLines(lines).json();
    TestNode.Reply second = importLines(lines);

    assertThat(first.get("stored").intValue()).isEqualTo(5);
    assertThat(first.get("duplicates").intValue()).isZero();
    assertThat(first.has("error")).isFalse();
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.json().get("stored").intValue()).isZero();
    assertThat(second.json().get("duplicates").intValue()).isEqualTo(5);
    assertThat(second.json().get("rejected")).isEmpty();
  }

  @Test
  void statsCountTheStoredBlocksByType() {
    postId("{\"type\":\"fact\",\"content\":\"a\"}");
    postId("{\"type\":\"fact\",\"content\":\"b\"}");
    postId("{\"type\":\"note\",\"content\":\"c\"}");

    JsonNode stats = server.get("/api/v1/stats").json();

    DeviceId node = server.node.identity().deviceId();
    assertThat(stats.get("deviceId").textValue()).isEqualTo(node.hex());
    assertThat(stats.get("deviceIdDisplay").textValue()).isEqualTo(node.display());
    assertThat(stats.get("version").textValue()).isNotBlank();
    assertThat(stats.get("uptimeSeconds").isIntegralNumber()).isTrue();
    JsonNode store = stats.get("store");
    assertThat(store.get("backend").textValue()).isNotBlank();
    assertThat(store.get("blocks").longValue()).isEqualTo(3);
    assertThat(store.get("byType").get("fact").longValue()).isEqualTo(2);
    assertThat(store.get("byType").get("note").longValue()).isEqualTo(1);
    assertThat(store.get("byType").get("retraction").longValue()).isZero();
    assertThat(store.get("bytes").isIntegralNumber()).isTrue();
  }

  @Test
  void nodeDescribesItself() {
    JsonNode node = server.get("/api/v1/node").json();

    assertThat(node.get("deviceId").textValue()).isEqualTo(server.node.identity().deviceId().hex());
    assertThat(node.get("deviceIdDisplay").textValue())
        .isEqualTo(server.node.identity().deviceId().display());
    assertThat(node.get("version").textValue()).isNotBlank();
  }

  @Test
  void healthAndReadinessAnswerOk() {
    TestNode.Reply health = server.get("/healthz");
    TestNode.Reply ready = server.get("/readyz");

    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().get("status").textValue()).isEqualTo("ok");
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.json().get("status").textValue()).isEqualTo("ready");
    assertThat(ready.header("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
  }

  @Test
  void everyRouteIsDeclaredInTheRouteTable() {
    assertThat(server.api.routes())
        .extracting(Route::toString)
        .containsExactly(
            "GET /healthz",
            "GET /readyz",
            "GET /api/v1/node",
            "GET /api/v1/stats",
            "POST /api/v1/blocks",
            "POST /api/v1/blocks/import",
            "GET /api/v1/blocks",
            "GET /api/v1/blocks/{id}",
            "DELETE /api/v1/blocks/{id}",
            "GET /api/v1/ledger/blocks",
            "GET /api/v1/ledger/blocks/{ref}",
            "GET /api/v1/ledger/validators",
            "GET /api/v1/ledger/pending",
            "POST /api/v1/ledger/transactions",
            "POST /api/v1/auth/login",
            "POST /api/v1/auth/refresh",
            "POST /api/v1/auth/logout",
            "POST /api/v1/auth/setup",
            "POST /api/v1/auth/device",
            "POST /api/v1/auth/logout-all",
            "POST /api/v1/auth/password",
            "GET /api/v1/auth/me",
            "GET /api/v1/accounts",
            "POST /api/v1/accounts",
            "DELETE /api/v1/accounts/{username}",
            "PUT /api/v1/accounts/{username}/role",
            "PUT /api/v1/accounts/{username}/password",
            "GET /api/v1/accounts/{username}/scopes",
            "POST /api/v1/accounts/{username}/scopes",
            "DELETE /api/v1/accounts/{username}/scopes/{scope}",
            "GET /api/v1/access-lists",
            "POST /api/v1/access-lists",
            "DELETE /api/v1/access-lists/{kind}/{list}/{value}",
            "GET /api/v1/audit",
            "GET /api/v1/audit/verify",
            "GET /api/v1/killswitch",
            "POST /api/v1/killswitch/phrase",
            "POST /api/v1/killswitch/engage",
            "POST /api/v1/killswitch/resume",
            "POST /api/v1/devices/{device}/revoke",
            "POST /api/v1/documents",
            "GET /api/v1/documents/jobs/{id}",
            // chat
            "POST /api/v1/chat",
            "GET /api/v1/chats",
            "GET /api/v1/chats/{id}",
            "DELETE /api/v1/chats/{id}",
            "POST /api/v1/chat/{turn}/rating",
            "POST /api/v1/blocks/{id}/rating",
            "GET /api/v1/memories",
            "POST /api/v1/memories",
            "PUT /api/v1/memories/{id}",
            "DELETE /api/v1/memories/{id}",
            "GET /api/v1/filter/rules",
            "PUT /api/v1/filter/rules",
            "GET /api/v1/filter/hits",
            "GET /api/v1/settings/chat",
            "PUT /api/v1/settings/chat",
            "POST /v1/chat/completions",
            "GET /v1/models",
            "GET /api/v1/peers",
            "GET /api/v1/peers/events",
            "POST /api/v1/peers/sync",
            "POST /api/v1/pairing",
            "POST /api/v1/pairing/join",
            "GET /api/v1/settings/sync",
            "PUT /api/v1/settings/sync",
            "POST /api/v1/messages",
            "GET /api/v1/messages",
            "GET /api/v1/messages/{id}",
            "GET /",
            "GET /sw.js",
            "GET /manifest.webmanifest",
            "GET /app/<path>",
            "GET /api/v1/qr");
  }

  private String postId(String json) {
    TestNode.Reply reply = server.postJson("/api/v1/blocks", json);
    assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    return reply.json().get("block").get("id").textValue();
  }

  private TestNode.Reply importLines(String lines) {
    return server.post("/api/v1/blocks/import", "application/x-ndjson", lines);
  }

  private List<String> listIds(String pathAndQuery) {
    TestNode.Reply reply = server.get(pathAndQuery);
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return ids(reply.json());
  }

  private static List<String> ids(JsonNode page) {
    return StreamSupport.stream(page.get("blocks").spliterator(), false)
        .map(b -> b.get("id").textValue())
        .toList();
  }

  @Test
  void aWebPageOfAnotherSiteCannotTeachOrImport() {
    String line = BlockCodec.toJson(new TestBlocks(7).fact("planted"));
    TestNode.Reply imported =
        server.send(
            "POST",
            "/api/v1/blocks/import",
            "text/plain",
            line,
            java.util.Map.of("Origin", "https://evil.example"));
    TestNode.Reply taught =
        server.send(
            "POST",
            "/api/v1/blocks",
            "application/json",
            "{\"type\":\"fact\",\"content\":\"x\"}",
            java.util.Map.of("Origin", "http://localhost:1"));

    assertThat(imported.status()).isEqualTo(403);
    assertThat(imported.json().get("error").textValue()).isEqualTo("foreign_origin");
    assertThat(taught.status()).isEqualTo(403);
    assertThat(server.get("/api/v1/blocks?state=all").json().get("blocks")).isEmpty();
  }

  @Test
  void aPageServedByTheNodeItselfMayCallIt() {
    TestNode.Reply reply =
        server.send(
            "GET",
            "/api/v1/stats",
            null,
            null,
            java.util.Map.of("Origin", "http://127.0.0.1:" + server.api.port()));
    assertThat(reply.status()).isEqualTo(200);
  }
}
