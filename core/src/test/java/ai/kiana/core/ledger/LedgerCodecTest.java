package ai.kiana.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kiana.core.crypto.Sha256;
import ai.kiana.core.json.CanonicalJson;
import ai.kiana.core.json.Json;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LedgerCodecTest {

  private static final LedgerHarness LEDGER = LedgerHarness.withEveryTxType();

  @Test
  void sampleChainCoversEveryTransactionType() {
    Set<TxType> seen = EnumSet.noneOf(TxType.class);
    LEDGER.chain.forEach(b -> b.txs().forEach(tx -> seen.add(tx.type())));
    assertThat(seen).containsExactlyInAnyOrder(TxType.values());
  }

  @Test
  void everyBlockSurvivesAJsonRoundTripExactly() {
    for (LedgerBlock block : LEDGER.chain) {
      String json = LedgerBlockCodec.toJson(block);
      LedgerBlock back = LedgerBlockCodec.fromJson(json);
      assertThat(back).isEqualTo(block);
      assertThat(LedgerBlockCodec.toJson(back)).isEqualTo(json);
    }
  }

  @Test
  void everyTransactionSurvivesAJsonRoundTripExactly() {
    for (LedgerBlock block : LEDGER.chain) {
      for (LedgerTx tx : block.txs()) {
        assertThat(TxCodec.fromJson(TxCodec.toJson(tx))).isEqualTo(tx);
      }
    }
  }

  @Test
  void blockHashIsSha256OfCanonicalJsonWithoutHashAndSeal() {
    LedgerBlock block = LEDGER.chain.get(2);
    ObjectNode node = LedgerBlockCodec.toNode(block);
    node.remove("hash");
    node.remove("seal");
    assertThat(Sha256.hex(CanonicalJson.canonicalize(node))).isEqualTo(block.hash());
    assertThat(LedgerBlockCodec.signingBytes(block)).isEqualTo(CanonicalJson.canonicalize(node));
  }

  @Test
  void transactionIdIsSha256OfCanonicalJsonWithoutSig() {
    LedgerTx tx = LEDGER.chain.get(1).txs().get(0);
    ObjectNode node = TxCodec.toNode(tx);
    node.remove("sig");
    assertThat(tx.id()).isEqualTo(Sha256.hex(CanonicalJson.canonicalize(node)));
  }

  @Test
  void genesisParentIsSixtyFourZerosAndHeightZero() {
    LedgerBlock genesis = LEDGER.chain.get(0);
    assertThat(genesis.parent()).isEqualTo("0".repeat(64));
    assertThat(genesis.height()).isZero();
    assertThat(genesis.checkpoint()).isSorted();
  }

  @Test
  void unknownBlockMemberIsNamed() {
    ObjectNode node = LedgerBlockCodec.toNode(LEDGER.chain.get(1));
    node.put("extra", 1);
    assertThatThrownBy(() -> LedgerBlockCodec.fromNode(node))
        .isInstanceOf(InvalidLedgerDataException.class)
        .hasMessage("extra: unknown field");
  }

  @Test
  void missingBlockMemberIsNamed() {
    ObjectNode node = LedgerBlockCodec.toNode(LEDGER.chain.get(1));
    node.remove("txRoot");
    assertThatThrownBy(() -> LedgerBlockCodec.fromNode(node)).hasMessage("txRoot: missing");
  }

  @Test
  void badTransactionMemberIsNamedWithItsPathInTheBlock() {
    ObjectNode node = LedgerBlockCodec.toNode(LEDGER.chain.get(2));
    ((ObjectNode) ((ArrayNode) node.get("txs")).get(1)).put("seq", "7");
    assertThatThrownBy(() -> LedgerBlockCodec.fromNode(node))
        .isInstanceOf(InvalidLedgerDataException.class)
        .hasMessage("txs[1].seq: must be an integer")
        .extracting(e -> ((InvalidLedgerDataException) e).field())
        .isEqualTo("txs[1].seq");
  }

  @Test
  void transactionWithAMemberOfAnotherTypeIsRejected() {
    ObjectNode tx = TxCodec.toNode(LEDGER.chain.get(1).txs().get(0));
    tx.put("subject", "00".repeat(32));
    assertThatThrownBy(() -> TxCodec.fromNode(tx)).hasMessage("subject: unknown field");
  }

  @Test
  void unknownTransactionTypeListsTheKnownOnes() {
    ObjectNode tx = TxCodec.toNode(LEDGER.chain.get(1).txs().get(0));
    tx.put("type", "mint-coins");
    assertThatThrownBy(() -> TxCodec.fromNode(tx))
        .hasMessageStartingWith("type: unknown transaction type 'mint-coins'")
        .hasMessageContaining("validator-vote");
  }

  @Test
  void unsupportedFormatVersionIsRejected() {
    ObjectNode node = LedgerBlockCodec.toNode(LEDGER.chain.get(1));
    node.put("v", 2);
    assertThatThrownBy(() -> LedgerBlockCodec.fromNode(node)).hasMessageStartingWith("v: ");
  }

  @Test
  void difficultyOtherThanOneOrTwoIsRejected() {
    ObjectNode node = LedgerBlockCodec.toNode(LEDGER.chain.get(1));
    node.put("difficulty", 3);
    assertThatThrownBy(() -> LedgerBlockCodec.fromNode(node))
        .hasMessageStartingWith("difficulty: must be 1");
  }

  @Test
  void integersBeyondTwoToTheFiftyThreeAreRejected() {
    ObjectNode node = LedgerBlockCodec.toNode(LEDGER.chain.get(1));
    node.put("timestamp", 1L << 53);
    assertThatThrownBy(() -> LedgerBlockCodec.fromNode(node))
        .hasMessageStartingWith("timestamp: must be an integer from 0 to 2^53-1");
  }

  @Test
  void fractionalNumbersAreNotIntegers() {
    String json =
        LedgerBlockCodec.toJson(LEDGER.chain.get(1)).replace("\"height\":1", "\"height\":1.0");
    assertThatThrownBy(() -> LedgerBlockCodec.fromJson(json))
        .hasMessage("height: must be an integer");
  }

  @Test
  void checkpointMustBeSortedWithoutRepeats() {
    ObjectNode node = LedgerBlockCodec.toNode(LEDGER.chain.get(0));
    ArrayNode checkpoint = (ArrayNode) node.get("checkpoint");
    String first = checkpoint.get(0).textValue();
    checkpoint.remove(0);
    checkpoint.add(first);
    assertThatThrownBy(() -> LedgerBlockCodec.fromNode(node))
        .hasMessageStartingWith("checkpoint: validators must be sorted");
  }

  @Test
  void upperCaseHexIsNotTheCanonicalForm() {
    ObjectNode node = LedgerBlockCodec.toNode(LEDGER.chain.get(1));
    node.put("parent", node.get("parent").textValue().toUpperCase());
    assertThatThrownBy(() -> LedgerBlockCodec.fromNode(node))
        .hasMessage("parent: must be 64 lowercase hex characters");
  }

  @Test
  void blockJsonIsOneLineOfCanonicalJson() {
    String json = LedgerBlockCodec.toJson(LEDGER.chain.get(3));
    assertThat(json).doesNotContain("\n");
    assertThat(CanonicalJson.canonicalString(Json.parse(json))).isEqualTo(json);
  }
}
