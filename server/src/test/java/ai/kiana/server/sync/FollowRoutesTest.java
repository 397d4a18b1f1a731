package ai.kiana.server.sync;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.block.BlockId;
import ai.kiana.server.http.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FollowRoutesTest {

  @TempDir Path dir;
  TestNode laptop;
  TestNode phone;

  @BeforeEach
  void start() {
    laptop = TestNode.start(dir.resolve("laptop"));
    phone = TestNode.start(dir.resolve("phone"));
  }

  @AfterEach
  void stop() {
    laptop.close();
    phone.close();
  }

  TestNode.Reply put(TestNode n, String json) {
    return n.send("PUT", FollowRoutes.PATH, "application/json", json, Map.of());
  }

  BlockId teach(String json) {
    TestNode.Reply r = laptop.postJson("/api/v1/blocks", json);
    assertThat(r.status()).isEqualTo(201);
    return new BlockId(r.json().path("block").path("id").asText());
  }

  @Test
  void aFilterSetThroughTheApiIsSavedAndAppliedAtOnceAndWideningItPullsTheRest() throws Exception {
    PeerRoutesTest.sync(laptop, "laptop");
    PeerRoutesTest.sync(phone, "phone");
    TestNode.Reply set = put(phone, "{\"tags\":[\"garden\"],\"since\":\"30d\"}");
    assertThat(set.status()).isEqualTo(200);
    assertThat(set.json().path("tags").get(0).asText()).isEqualTo("garden");
    assertThat(set.json().path("since").asText()).isEqualTo("30d");
    assertThat(set.json().path("applied").asText()).isEqualTo("now");
    assertThat(set.json().path("createdAfter").isTextual()).isTrue();
    assertThat(phone.get(FollowRoutes.PATH).json().path("tags").get(0).asText())
        .isEqualTo("garden");
    // Saved: a restarted node (kiana start reads the settings) follows the same.
    SyncSettings saved = SyncSettings.load(dir.resolve("phone"), Map.of());
    assertThat(saved.follow().tags()).containsExactly("garden");
    assertThat(saved.follow().sinceText()).isEqualTo("30d");

    BlockId garden = teach("{\"type\":\"fact\",\"content\":\"roses\",\"tags\":[\"garden\"]}");
    BlockId other = teach("{\"type\":\"fact\",\"content\":\"taxes\"}");
    TestNode.Reply code = laptop.postJson("/api/v1/pairing", "{}");
    String c = code.json().path("code").asText();
    assertThat(
            phone
                .postJson("/api/v1/pairing/join", "{\"code\":" + PeerRoutesTest.quote(c) + "}")
                .status())
        .isEqualTo(200);
    PeerRoutesTest.await(() -> phone.node.store().contains(garden));
    Thread.sleep(500);
    assertThat(phone.node.store().contains(other)).isFalse();

    TestNode.Reply all = put(phone, "{}");
    assertThat(all.status()).isEqualTo(200);
    assertThat(all.json().path("scopes").size()).isEqualTo(3);
    assertThat(all.json().path("since").asText()).isEqualTo("all");
    PeerRoutesTest.await(() -> phone.node.store().contains(other));
    assertThat(Files.readString(dir.resolve("phone").resolve("kiana.properties")))
        .contains("sync.since=all");
  }

  @Test
  void badFiltersAreRefusedNamingTheFieldAndChangeNothing() {
    assertThat(put(phone, "{\"tags\":[\"x\"]}").status()).isEqualTo(200);
    for (String[] c :
        new String[][] {
          {"{\"since\":\"yesterday\"}", "since"},
          {"{\"since\":\"0d\"}", "since"},
          {"{\"scopes\":[\"everyone\"]}", "scopes"},
          {"{\"tags\":\"garden\"}", "tags"},
          {"{\"tags\":[\"a,b\"]}", "tags"},
          {"{\"tag\":[\"x\"]}", "tag"}
        }) {
      TestNode.Reply r = put(phone, c[0]);
      assertThat(r.status()).as(c[0]).isEqualTo(400);
      assertThat(r.json().path("field").asText()).as(c[0]).isEqualTo(c[1]);
    }
    assertThat(phone.get(FollowRoutes.PATH).json().path("tags").get(0).asText()).isEqualTo("x");
    assertThat(put(phone.as(ai.kiana.core.ledger.Role.USER), "{}").status()).isEqualTo(403);
  }
}
