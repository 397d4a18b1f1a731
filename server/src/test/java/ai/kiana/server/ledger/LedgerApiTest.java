package ai.kiana.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.crypto.Ed25519Engines;
import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.core.json.Json;
import ai.kiana.core.ledger.LedgerBlockCodec;
import ai.kiana.core.ledger.LedgerTx;
import ai.kiana.core.ledger.TxCodec;
import ai.kiana.core.ledger.TxPayload;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LedgerApiTest {

  static final Duration WAIT = Duration.ofSeconds(5);
  static final String POLICY =
      "{\"type\":\"policy-changed\",\"policy\":\"sync.max-peers\",\"value\":\"8\"}";

  @TempDir Path dataDir;
  LedgerTestNode server;
  String me;

  @BeforeEach
  void start() {
    server = new LedgerTestNode(dataDir);
    me = server.node.identity().deviceId().hex();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aNewNodeHoldsOnlyItsGenesisWithThisDeviceAsCreatorAndOnlyValidator() {
    JsonNode page = server.get("/api/v1/ledger/blocks").json();

    assertThat(page.get("blocks")).hasSize(1);
    JsonNode genesis = page.get("blocks").get(0);
    assertThat(genesis.get("canonical").booleanValue()).isTrue();
    assertThat(genesis.get("block").get("height").longValue()).isZero();
    assertThat(genesis.get("block").get("proposer").textValue()).isEqualTo(me);
    assertThat(genesis.get("block").get("checkpoint"))
        .extracting(JsonNode::textValue)
        .containsExactly(me);
    assertThat(page.get("next").isNull()).isTrue();

    JsonNode validators = server.get("/api/v1/ledger/validators").json();
    assertThat(validators.get("height").longValue()).isZero();
    assertThat(validators.get("signerLimit").intValue()).isEqualTo(1);
    assertThat(validators.get("validators")).hasSize(1);
    JsonNode creator = validators.get("validators").get(0);
    assertThat(creator.get("device").textValue()).isEqualTo(me);
    assertThat(creator.get("role").textValue()).isEqualTo("creator");
    assertThat(creator.get("name").textValue()).isEqualTo(LedgerService.DEFAULT_CREATOR_NAME);
    assertThat(creator.get("inTurnNext").booleanValue()).isTrue();
    assertThat(validators.get("votes")).isEmpty();
  }

  @Test
  void anIntentIsSignedByThisNodeSealedAndListedNewestFirst() {
    server.letTimePass();

    LedgerTestNode.Reply posted = server.postJson("/api/v1/ledger/transactions", POLICY);

    assertThat(posted.status()).as(posted.body()).isEqualTo(202);
    String id = posted.json().get("id").textValue();
    JsonNode tx = posted.json().get("tx");
    assertThat(tx.get("issuer").textValue()).isEqualTo(me);
    assertThat(tx.get("seq").longValue()).isEqualTo(2); // genesis admitted this device with seq 1
    assertThat(TxCodec.fromNode(tx).id()).isEqualTo(id);

    JsonNode page =
        server.await(
            "/api/v1/ledger/blocks", p -> txIds(p.get("blocks").get(0)).contains(id), WAIT);
    JsonNode newest = page.get("blocks").get(0);
    assertThat(newest.get("block").get("height").longValue()).isEqualTo(1);
    assertThat(page.get("blocks").get(1).get("block").get("height").longValue()).isZero();
    String hash = newest.get("block").get("hash").textValue();
    assertThat(server.get("/api/v1/ledger/blocks/1").json()).isEqualTo(newest);
    assertThat(server.get("/api/v1/ledger/blocks/" + hash).json()).isEqualTo(newest);
    assertThat(LedgerBlockCodec.fromNode(newest.get("block")).txs().getFirst().id()).isEqualTo(id);
    assertThat(server.get("/api/v1/ledger/pending").json().get("transactions")).isEmpty();
  }

  @Test
  void aTransactionWaitsInPendingUntilTheBlockPeriodHasPassed() {
    String id = server.postJson("/api/v1/ledger/transactions", POLICY).json().get("id").textValue();

    JsonNode pending = server.get("/api/v1/ledger/pending").json().get("transactions");
    assertThat(pending).hasSize(1);
    assertThat(pending.get(0).get("id").textValue()).isEqualTo(id);

    server.letTimePass();
    server.await("/api/v1/ledger/pending", p -> p.get("transactions").isEmpty(), WAIT);
    assertThat(txIds(server.get("/api/v1/ledger/blocks/1").json())).containsExactly(id);
  }

  @Test
  void successiveIntentsGetSuccessiveSeqsAndMayShareABlock() {
    List<Long> seqs =
        List.of(
                "{\"type\":\"policy-changed\",\"policy\":\"a\",\"value\":\"1\"}",
                "{\"type\":\"kill-switch\",\"reason\":\"drill\"}",
                "{\"type\":\"resume\"}")
            .stream()
            .map(body -> server.postJson("/api/v1/ledger/transactions", body))
            .peek(r -> assertThat(r.status()).as(r.body()).isEqualTo(202))
            .map(r -> r.json().get("tx").get("seq").longValue())
            .toList();
    assertThat(seqs).containsExactly(2L, 3L, 4L);

    server.letTimePass();
    server.await("/api/v1/ledger/pending", p -> p.get("transactions").isEmpty(), WAIT);
    assertThat(server.node.ledger().headState().killSwitch().engaged()).isFalse();
    assertThat(server.node.ledger().headState().policies()).containsEntry("a", "1");
  }

  @Test
  void pagesWalkTheChainDownwardsFromAHeight() {
    for (int i = 0; i < 3; i++) {
      server.letTimePass();
      String id =
          server
              .postJson(
                  "/api/v1/ledger/transactions",
                  "{\"type\":\"policy-changed\",\"policy\":\"p\",\"value\":\"" + i + "\"}")
              .json()
              .get("id")
              .textValue();
      server.await(
          "/api/v1/ledger/blocks?limit=1", p -> txIds(p.get("blocks").get(0)).contains(id), WAIT);
    }

    JsonNode first = server.get("/api/v1/ledger/blocks?limit=2").json();
    assertThat(heights(first)).containsExactly(3L, 2L);
    assertThat(first.get("next").longValue()).isEqualTo(1);
    JsonNode second = server.get("/api/v1/ledger/blocks?limit=2&from=1").json();
    assertThat(heights(second)).containsExactly(1L, 0L);
    assertThat(second.get("next").isNull()).isTrue();
    assertThat(heights(server.get("/api/v1/ledger/blocks?from=99").json()))
        .containsExactly(3L, 2L, 1L, 0L);
  }

  @Test
  void aTransactionSignedByADeviceTheLedgerDoesNotKnowIsForbidden() {
    NodeIdentity stranger = NodeIdentity.generate(Ed25519Engines.fastest());
    LedgerTx tx = LedgerTx.sign(stranger, 1, new TxPayload.PolicyChanged("sync.max-peers", "99"));

    LedgerTestNode.Reply r = server.postJson("/api/v1/ledger/transactions", TxCodec.toJson(tx));

    assertError(r, 403, "unauthorized_tx", "not an admitted device");
    assertThat(server.get("/api/v1/ledger/pending").json().get("transactions")).isEmpty();
  }

  @Test
  void anAdmittedUserMayNotIssueATypeReservedForAdminsAndTheCreator() {
    NodeIdentity phone = NodeIdentity.generate(Ed25519Engines.fastest());
    String admit =
        "{\"type\":\"device-admitted\",\"device\":\""
            + phone.deviceId().hex()
            + "\",\"deviceKey\":\""
            + HexFormat.of().formatHex(phone.publicKey())
            + "\",\"role\":\"user\",\"name\":\"phone\"}";
    server.letTimePass();
    String id = server.postJson("/api/v1/ledger/transactions", admit).json().get("id").textValue();
    server.await(
        "/api/v1/ledger/blocks?limit=1", p -> txIds(p.get("blocks").get(0)).contains(id), WAIT);

    LedgerTx byUser = LedgerTx.sign(phone, 1, new TxPayload.PolicyChanged("sync.max-peers", "1"));
    LedgerTestNode.Reply r = server.postJson("/api/v1/ledger/transactions", TxCodec.toJson(byUser));

    assertError(r, 403, "unauthorized_tx", "role user may not issue policy-changed");
  }

  @Test
  void aSealedTransactionSentAgainIsAReplay() {
    server.letTimePass();
    JsonNode tx = server.postJson("/api/v1/ledger/transactions", POLICY).json().get("tx");
    server.await("/api/v1/ledger/pending", p -> p.get("transactions").isEmpty(), WAIT);

    LedgerTestNode.Reply again = server.postJson("/api/v1/ledger/transactions", tx.toString());

    assertError(again, 400, "replayed_tx", "is not above its last seq");
  }

  @Test
  void aSignedTransactionWithAForgedSignatureIsRefused() {
    NodeIdentity stranger = NodeIdentity.generate(Ed25519Engines.fastest());
    ObjectNode tx =
        TxCodec.toNode(LedgerTx.sign(stranger, 1, new TxPayload.PolicyChanged("a", "1")));
    tx.put("value", "2");

    assertError(
        server.postJson("/api/v1/ledger/transactions", tx.toString()),
        400,
        "bad_tx_signature",
        "does not verify");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not JSON | {\"type\": | 400 | invalid_json",
        "an array | [] | 400 | invalid_body",
        "no type | {\"policy\":\"a\",\"value\":\"1\"} | 400 | missing_field",
        "unknown type | {\"type\":\"party\"} | 400 | unknown_tx_type",
        "unknown field | {\"type\":\"resume\",\"why\":\"x\"} | 400 | unknown_field",
        "missing payload member | {\"type\":\"kill-switch\"} | 400 | missing_field",
        "mistyped member | {\"type\":\"model-published\",\"version\":\"2\",\"sha256\":\"ab\"}"
            + " | 400 | invalid_field",
        "intent with a seq | {\"type\":\"resume\",\"seq\":5} | 400 | unknown_field",
        "bad policy name | {\"type\":\"policy-changed\",\"policy\":\"A B\",\"value\":null}"
            + " | 400 | invalid_field",
        "vote on an unknown device | {\"type\":\"validator-vote\",\"subject\":\""
            + "0000000000000000000000000000000000000000000000000000000000000000"
            + "\",\"add\":true} | 400 | invalid_tx",
        "the node's own key rotated by an intent | {\"type\":\"key-rotated\",\"newKey\":\""
            + "abababababababababababababababababababababababababababababababab\",\"newKeySig\":\""
            + "abababababababababababababababababababababababababababababababab"
            + "abababababababababababababababababababababababababababababababab"
            + "\"} | 400 | invalid_field",
      })
  void badTransactionsGetA4xxNamingTheProblem(String name, String body, int status, String code) {
    LedgerTestNode.Reply r = server.postJson("/api/v1/ledger/transactions", body);

    assertError(r, status, code, "");
    assertThat(server.get("/api/v1/ledger/pending").json().get("transactions")).isEmpty();
  }

  @Test
  void aBodyThatIsNotDeclaredJsonIs415() {
    assertError(
        server.post("/api/v1/ledger/transactions", "text/plain", POLICY),
        415,
        "unsupported_media_type",
        "application/json");
  }

  @ParameterizedTest(name = "GET {0} -> {1} {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/api/v1/ledger/blocks?limit=0 | 400 | invalid_parameter",
        "/api/v1/ledger/blocks?limit=101 | 400 | invalid_parameter",
        "/api/v1/ledger/blocks?from=-1 | 400 | invalid_parameter",
        "/api/v1/ledger/blocks?from=top | 400 | invalid_parameter",
        "/api/v1/ledger/blocks?limit=1&limit=2 | 400 | invalid_parameter",
        "/api/v1/ledger/blocks?cursor=x | 400 | unknown_parameter",
        "/api/v1/ledger/validators?all=true | 400 | unknown_parameter",
        "/api/v1/ledger/blocks/xyz | 400 | invalid_parameter",
        "/api/v1/ledger/blocks/7 | 404 | ledger_block_not_found",
        "/api/v1/ledger/blocks/"
            + "abababababababababababababababababababababababababababababababab"
            + " | 404 | ledger_block_not_found",
      })
  void badReadsGetA4xx(String path, int status, String code) {
    assertError(server.get(path), status, code, "");
  }

  private static void assertError(
      LedgerTestNode.Reply r, int status, String code, String messagePart) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    JsonNode body = Json.parse(r.body());
    assertThat(body.get("error").textValue()).as(r.body()).isEqualTo(code);
    assertThat(body.get("message").textValue()).contains(messagePart);
    assertThat(r.body()).doesNotContain("Exception").doesNotContain("at ai.kiana");
  }

  private static List<String> txIds(JsonNode blockView) {
    return StreamSupport.stream(blockView.get("txIds").spliterator(), false)
        .map(JsonNode::textValue)
        .toList();
  }

  private static List<Long> heights(JsonNode page) {
    return StreamSupport.stream(page.get("blocks").spliterator(), false)
        .map(b -> b.get("block").get("height").longValue())
        .toList();
  }
}
