package ai.kiana.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.block.BlockDraft;
import ai.kiana.core.block.BlockType;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.block.Scope;
import ai.kiana.core.json.Json;
import ai.kiana.core.ledger.Role;
import ai.kiana.server.audit.AuditAction;
import ai.kiana.server.http.TestNode;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The role × scope matrix over the real HTTP API: creators, admins and subminds see and write every
 * scope; a user only the scopes granted to it, in block lists, single blocks, chat citations and
 * conversations; a sensor writes only into its own scope.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScopeMatrixApiTest {

  @TempDir static Path dir;
  TestNode server;
  final Map<Scope, KnowledgeBlock> facts = new EnumMap<>(Scope.class);

  /** One caller of the matrix: an account, and the scopes it may read and write. */
  record Who(String name, Role role, Set<Scope> grants, Set<Scope> reads, Set<Scope> writes) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final Set<Scope> ALL = Set.of(Scope.values());

  static final List<Who> CALLERS =
      List.of(
          new Who("creator", Role.CREATOR, Set.of(), ALL, ALL),
          new Who("admin", Role.ADMIN, Set.of(), ALL, ALL),
          new Who("submind", Role.SUBMIND, Set.of(), ALL, ALL),
          new Who(
              "anna",
              Role.USER,
              Set.of(Scope.HOUSEHOLD),
              Set.of(Scope.HOUSEHOLD),
              Set.of(Scope.HOUSEHOLD)),
          new Who(
              "carl",
              Role.USER,
              Set.of(Scope.HOUSEHOLD, Scope.PUBLIC),
              Set.of(Scope.HOUSEHOLD, Scope.PUBLIC),
              Set.of(Scope.HOUSEHOLD, Scope.PUBLIC)),
          new Who("bob", Role.USER, Set.of(), Set.of(), Set.of()),
          new Who(
              "thermo", Role.SENSOR, Set.of(Scope.HOUSEHOLD), Set.of(), Set.of(Scope.HOUSEHOLD)),
          new Who("doorbell", Role.SENSOR, Set.of(), Set.of(), Set.of(Scope.PRIVATE)));

  @BeforeAll
  void start() {
    server = TestNode.start(dir);
    for (Scope s : Scope.values()) {
      facts.put(
          s,
          server
              .node
              .knowledge()
              .add(
                  new BlockDraft(
                      BlockType.FACT,
                      "",
                      "The spare garden key lies under the " + s.wireName() + " flower pot.",
                      "en",
                      List.of(),
                      null,
                      List.of(),
                      s)));
    }
    for (Who w : CALLERS) {
      TestNode.accountFor(server.node, w.name(), w.role());
      w.grants().forEach(g -> server.node.security().scopes().grant(w.name(), g, "test"));
    }
  }

  @AfterAll
  void stop() {
    server.close();
  }

  TestNode as(Who w) {
    return server.asUser(w.name(), w.role());
  }

  Stream<Arguments> readers() {
    return CALLERS.stream().filter(w -> w.role() != Role.SENSOR).map(Arguments::of);
  }

  Stream<Arguments> writes() {
    return CALLERS.stream().flatMap(w -> Stream.of(Scope.values()).map(s -> Arguments.of(w, s)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("readers")
  void blockListShowsExactlyTheReadableScopes(Who who) {
    TestNode.Reply r = as(who).get("/api/v1/blocks?type=fact&limit=100");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    Set<String> ids = new HashSet<>();
    r.json().get("blocks").forEach(b -> ids.add(b.get("id").asText()));
    for (Scope s : Scope.values()) {
      assertThat(ids.contains(facts.get(s).id().hex()))
          .as("%s sees %s", who, s)
          .isEqualTo(who.reads().contains(s));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("readers")
  void aBlockOfAnUngrantedScopeAnswersAsIfItDidNotExist(Who who) {
    for (Scope s : Scope.values()) {
      TestNode.Reply r = as(who).get("/api/v1/blocks/" + facts.get(s).id().hex());
      if (who.reads().contains(s)) {
        assertThat(r.status()).as("%s reads %s", who, s).isEqualTo(200);
      } else {
        assertThat(r.status()).as("%s reads %s: %s", who, s, r.body()).isEqualTo(404);
        assertThat(r.json().get("error").asText()).isEqualTo("block_not_found");
      }
    }
  }

  @ParameterizedTest(name = "{0} writes {1}")
  @MethodSource("writes")
  void writesAreAcceptedExactlyInWritableScopes(Who who, Scope scope) {
    String body =
        Json.mapper()
            .createObjectNode()
            .put("type", "note")
            .put("content", who.name() + " notes something in " + scope.wireName())
            .put("scope", scope.wireName())
            .toString();
    TestNode.Reply r = as(who).postJson("/api/v1/blocks", body);
    if (who.writes().contains(scope)) {
      assertThat(r.status()).as(r.body()).isEqualTo(201);
      assertThat(r.json().get("block").get("scope").asText()).isEqualTo(scope.wireName());
    } else {
      assertThat(r.status()).as(r.body()).isEqualTo(403);
      assertThat(r.json().get("error").asText()).isEqualTo("scope_not_granted");
    }
  }

  @Test
  void aSensorsBlockWithoutScopeGoesToItsOwnScope() {
    Who thermo = CALLERS.stream().filter(w -> w.name().equals("thermo")).findFirst().orElseThrow();
    TestNode.Reply r =
        as(thermo).postJson("/api/v1/blocks", "{\"type\":\"note\",\"content\":\"21.5 °C\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    assertThat(r.json().get("block").get("scope").asText()).isEqualTo("household");
    assertThat(as(thermo).get("/api/v1/blocks").status()).isEqualTo(403);
  }

  @Test
  void aUserCannotRetractOrEditBlocksOutsideItsScopes() {
    Who anna = CALLERS.get(3);
    String privateId = facts.get(Scope.PRIVATE).id().hex();
    assertThat(as(anna).delete("/api/v1/blocks/" + privateId).status()).isEqualTo(404);
    String edit =
        "{\"type\":\"fact\",\"content\":\"moved\",\"scope\":\"household\",\"supersedes\":[\""
            + privateId
            + "\"]}";
    TestNode.Reply r = as(anna).postJson("/api/v1/blocks", edit);
    assertThat(r.status()).as(r.body()).isEqualTo(403);
    assertThat(server.node.knowledge().view(facts.get(Scope.PRIVATE).id()).live()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("readers")
  void chatCitesOnlyReadableBlocks(Who who) {
    TestNode.Reply r =
        as(who).postJson("/api/v1/chat", "{\"message\":\"Where is the spare garden key?\"}");
    if (who.writes().isEmpty()) {
      // Nowhere to keep the conversation: refused before anything is stored.
      assertThat(r.status()).as(r.body()).isEqualTo(403);
      return;
    }
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    Set<String> cited = citedIds(r.body());
    Set<String> readable = new HashSet<>();
    who.reads().forEach(s -> readable.add(facts.get(s).id().hex()));
    assertThat(cited).as("%s cites", who).isNotEmpty();
    assertThat(readable).as("%s may read what it cites", who).containsAll(cited);
  }

  @Test
  void conversationsAreSeenOnlyByThoseWhoReadTheirScope() {
    Who anna = CALLERS.get(3);
    Who carl = CALLERS.get(4);
    String creatorsTurn = conversationOf(server.postJson("/api/v1/chat", ask("garden key?")));
    String annasTurn = conversationOf(as(anna).postJson("/api/v1/chat", ask("garden key, anna?")));

    assertThat(conversations(server)).contains(creatorsTurn, annasTurn);
    assertThat(conversations(as(anna))).contains(annasTurn).doesNotContain(creatorsTurn);
    assertThat(conversations(as(carl))).contains(annasTurn).doesNotContain(creatorsTurn);
    assertThat(as(anna).get("/api/v1/chats/" + creatorsTurn).status()).isEqualTo(404);
    assertThat(as(anna).get("/api/v1/chats/" + annasTurn).status()).isEqualTo(200);
    // Continuing someone else's private conversation is not possible either.
    TestNode.Reply r =
        as(anna)
            .postJson(
                "/api/v1/chat",
                "{\"message\":\"and then?\",\"conversation\":\"" + creatorsTurn + "\"}");
    assertThat(r.status()).isEqualTo(404);
  }

  @Test
  void grantsMadeThroughTheApiTakeEffectAtOnceAndAreAudited() {
    TestNode admin = server.as(Role.ADMIN);
    TestNode.accountFor(server.node, "dora", Role.USER);
    TestNode dora = server.asUser("dora", Role.USER);
    String publicId = facts.get(Scope.PUBLIC).id().hex();
    assertThat(dora.get("/api/v1/blocks/" + publicId).status()).isEqualTo(404);

    TestNode.Reply granted =
        admin.postJson("/api/v1/accounts/dora/scopes", "{\"scope\":\"public\"}");
    assertThat(granted.status()).as(granted.body()).isEqualTo(201);
    assertThat(granted.json().get("scopes").get(0).asText()).isEqualTo("public");
    assertThat(dora.get("/api/v1/blocks/" + publicId).status()).isEqualTo(200);

    TestNode.Reply revoked = admin.delete("/api/v1/accounts/dora/scopes/public");
    assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
    assertThat(dora.get("/api/v1/blocks/" + publicId).status()).isEqualTo(404);
    assertThat(admin.delete("/api/v1/accounts/dora/scopes/public").status()).isEqualTo(404);

    List<String> audited =
        server.node.security().audit().entries(0, 10_000).stream()
            .filter(e -> e.target().equals("dora"))
            .map(e -> e.action() + " " + e.detail())
            .toList();
    assertThat(audited)
        .contains(
            AuditAction.SCOPE_GRANTED.wireName() + " public",
            AuditAction.SCOPE_REVOKED.wireName() + " public");
  }

  @Test
  void grantsNameAKnownScopeAndAnExistingAccount() {
    TestNode.Reply unknownScope =
        server.postJson("/api/v1/accounts/anna/scopes", "{\"scope\":\"secret\"}");
    assertThat(unknownScope.status()).isEqualTo(400);
    assertThat(unknownScope.json().get("field").asText()).isEqualTo("scope");
    TestNode.Reply nobody =
        server.postJson("/api/v1/accounts/nobody/scopes", "{\"scope\":\"public\"}");
    assertThat(nobody.status()).isEqualTo(404);
    assertThat(server.as(Role.USER).postJson("/api/v1/accounts/anna/scopes", "{}").status())
        .isEqualTo(403);
  }

  @Test
  void syncTakesASensorsBlocksOnlyInItsOwnScopeAndOtherDevicesAnywhere() {
    ai.kiana.core.identity.DeviceId device = ai.kiana.testkit.TestBlocks.identity(9).deviceId();
    ScopeGrants grants = server.node.security().scopes();
    String account = ai.kiana.server.auth.DeviceLogin.accountName(device);

    assertThat(grants.deviceMayWrite(device, Role.SENSOR, Scope.PRIVATE)).isTrue();
    assertThat(grants.deviceMayWrite(device, Role.SENSOR, Scope.PUBLIC)).isFalse();
    TestNode.Reply r =
        server.postJson("/api/v1/accounts/" + account + "/scopes", "{\"scope\":\"public\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    assertThat(grants.deviceMayWrite(device, Role.SENSOR, Scope.PUBLIC)).isTrue();
    assertThat(grants.deviceMayWrite(device, Role.SENSOR, Scope.PRIVATE)).isFalse();
    assertThat(grants.deviceMayWrite(device, Role.SUBMIND, Scope.PRIVATE)).isTrue();
  }

  private static String ask(String message) {
    return Json.mapper().createObjectNode().put("message", message).toString();
  }

  private static Set<String> citedIds(String sse) {
    Set<String> ids = new HashSet<>();
    for (String block : sse.split("\n\n")) {
      if (block.startsWith("event: citations")) {
        String data = block.substring(block.indexOf("data: ") + 6);
        Json.parse(data).get("citations").forEach(c -> ids.add(c.get("id").asText()));
      }
    }
    return ids;
  }

  private static String conversationOf(TestNode.Reply r) {
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    for (String block : r.body().split("\n\n")) {
      if (block.startsWith("event: meta")) {
        JsonNode meta = Json.parse(block.substring(block.indexOf("data: ") + 6));
        return meta.get("conversation").asText();
      }
    }
    throw new AssertionError("no meta event in " + r.body());
  }

  private static List<String> conversations(TestNode t) {
    TestNode.Reply r = t.get("/api/v1/chats");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return Stream.of(r.json().get("conversations"))
        .flatMap(a -> java.util.stream.StreamSupport.stream(a.spliterator(), false))
        .map(c -> c.get("id").asText())
        .toList();
  }
}
