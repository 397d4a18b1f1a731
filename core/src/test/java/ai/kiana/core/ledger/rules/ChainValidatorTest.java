package ai.kiana.core.ledger.rules;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.json.Json;
import ai.kiana.core.json.JsonFormatException;
import ai.kiana.core.ledger.InvalidLedgerDataException;
import ai.kiana.core.ledger.LedgerBlock;
import ai.kiana.core.ledger.LedgerBlockCodec;
import ai.kiana.core.ledger.LedgerHarness;
import ai.kiana.core.ledger.LedgerParams;
import ai.kiana.core.ledger.LedgerState;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ChainValidatorTest {

  private static final LedgerHarness LEDGER = LedgerHarness.withEveryTxType();
  private static final List<String> STORED =
      LEDGER.chain.stream().map(LedgerBlockCodec::toJson).toList();
  private static final long NOW = LEDGER.state.timestamp();

  private final ChainValidator validator =
      RuleFactory.chainValidator(LedgerHarness.ED, LEDGER.params);

  @Test
  void storedChainValidatesToTheSameHeadState() {
    List<LedgerBlock> chain = STORED.stream().map(LedgerBlockCodec::fromJson).toList();
    Verdict verdict = validator.validate(chain, NOW);
    LedgerState head = ((Verdict.Accepted) verdict).state();
    assertThat(head.hash()).isEqualTo(LEDGER.state.hash());
    assertThat(head.validators()).isEqualTo(LEDGER.state.validators());
    assertThat(head.devices()).isEqualTo(LEDGER.state.devices());
    assertThat(head.totalDifficulty()).isEqualTo(LEDGER.state.totalDifficulty());
  }

  @Test
  void emptyChainIsRejected() {
    RuleViolation violation = ((Verdict.Rejected) validator.validate(List.of(), NOW)).violation();
    assertThat(violation.kind()).isEqualTo(ViolationKind.INVALID_GENESIS);
  }

  @Test
  void chainValidatedWithOtherConsensusParametersIsRejected() {
    ChainValidator noEpochs =
        RuleFactory.chainValidator(LedgerHarness.ED, LEDGER.params.withEpochLength(0));
    RuleViolation violation = ((Verdict.Rejected) noEpochs.validate(LEDGER.chain, NOW)).violation();
    assertThat(violation.kind()).isEqualTo(ViolationKind.INVALID_CHECKPOINT);
    assertThat(violation.height()).isEqualTo(8);
  }

  @Test
  void firstViolationInChainOrderIsReported() {
    List<LedgerBlock> chain = new ArrayList<>(LEDGER.chain);
    chain.set(7, tampered(chain.get(7), n -> n.put("timestamp", n.get("timestamp").asLong() + 1)));
    chain.set(3, tampered(chain.get(3), n -> n.put("timestamp", n.get("timestamp").asLong() + 1)));
    RuleViolation violation = ((Verdict.Rejected) validator.validate(chain, NOW)).violation();
    assertThat(violation.height()).isEqualTo(3);
    assertThat(violation.kind()).isEqualTo(ViolationKind.BAD_HASH);
  }

  @Test
  void chainWithABlockLeftOutIsRejectedAtTheGap() {
    List<LedgerBlock> chain = new ArrayList<>(LEDGER.chain);
    chain.remove(5);
    RuleViolation violation = ((Verdict.Rejected) validator.validate(chain, NOW)).violation();
    assertThat(violation.kind()).isEqualTo(ViolationKind.BAD_HEIGHT);
    // Reported at the position where block 6 was offered, as the fifth block's child.
    assertThat(violation.height()).isEqualTo(5);
    assertThat(violation.message()).isEqualTo("height 6 does not follow the parent's 4");
  }

  @Test
  void chainWithTwoBlocksSwappedIsRejected() {
    List<LedgerBlock> chain = new ArrayList<>(LEDGER.chain);
    Collections.swap(chain, 4, 5);
    assertThat(validator.validate(chain, NOW).accepted()).isFalse();
  }

  @Test
  void chainWithABlockFromAnotherLedgerIsRejected() {
    LedgerHarness other = new LedgerHarness(3, LEDGER.params);
    for (int i = 0; i < 3; i++) {
      other.sealByAnyone();
    }
    List<LedgerBlock> chain = new ArrayList<>(LEDGER.chain.subList(0, 3));
    chain.add(other.chain.get(3));
    RuleViolation violation = ((Verdict.Rejected) validator.validate(chain, NOW)).violation();
    assertThat(violation.kind()).isEqualTo(ViolationKind.BAD_PARENT);
  }

  @Test
  void longChainIsValidatedAcrossSeveralParallelBatches() {
    LedgerHarness h = new LedgerHarness(3, LedgerParams.DEFAULTS.withEpochLength(1000));
    int blocks = ChainValidator.BATCH * 2 + 17;
    for (int i = 0; i < blocks; i++) {
      h.sealByAnyone(
          h.tx(h.creator, new ai.kiana.core.ledger.TxPayload.PolicyChanged("n", "" + i)));
    }
    ChainValidator v = RuleFactory.chainValidator(LedgerHarness.ED, h.params);
    assertThat(((Verdict.Accepted) v.validate(h.chain, h.state.timestamp())).state().hash())
        .isEqualTo(h.state.hash());
    List<LedgerBlock> broken = new ArrayList<>(h.chain);
    int at = ChainValidator.BATCH + 5;
    broken.set(
        at, tampered(broken.get(at), n -> n.put("difficulty", 3 - n.get("difficulty").asInt())));
    RuleViolation violation =
        ((Verdict.Rejected) v.validate(broken, h.state.timestamp())).violation();
    assertThat(violation.height()).isEqualTo(at);
  }

  /** Every JSON leaf of every stored block, with a tampered value. */
  static Stream<Arguments> tamperings() {
    List<Arguments> cases = new ArrayList<>();
    for (int i = 0; i < STORED.size(); i++) {
      JsonNode block = Json.parse(STORED.get(i));
      List<String> pointers = new ArrayList<>();
      leaves(block, "", pointers);
      for (String pointer : pointers) {
        cases.add(Arguments.of(i, pointer));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "block {0} {1}")
  @MethodSource("tamperings")
  void tamperingWithAnyFieldOfAnyStoredBlockIsDetected(int index, String pointer) {
    ObjectNode block = (ObjectNode) Json.parse(STORED.get(index));
    JsonNode parent = block.at(pointer.substring(0, pointer.lastIndexOf('/')));
    String last = pointer.substring(pointer.lastIndexOf('/') + 1);
    JsonNode old = parent.isArray() ? parent.get(Integer.parseInt(last)) : parent.get(last);
    JsonNode replacement = altered(old);
    if (parent instanceof ArrayNode array) {
      array.set(Integer.parseInt(last), replacement);
    } else {
      ((ObjectNode) parent).set(last, replacement);
    }
    assertDetected(index, block);
  }

  @ParameterizedTest(name = "block {0}")
  @MethodSource("blockIndexes")
  void droppingOrReorderingTransactionsOrMembersIsDetected(int index) {
    ObjectNode block = (ObjectNode) Json.parse(STORED.get(index));
    ArrayNode txs = (ArrayNode) block.get("txs");
    if (txs.size() > 0) {
      ObjectNode dropped = block.deepCopy();
      ((ArrayNode) dropped.get("txs")).remove(0);
      assertDetected(index, dropped);
    }
    if (txs.size() > 1) {
      ObjectNode swapped = block.deepCopy();
      ArrayNode list = (ArrayNode) swapped.get("txs");
      JsonNode first = list.get(0);
      list.set(0, list.get(1));
      list.set(1, first);
      assertDetected(index, swapped);
    }
    ObjectNode duplicated = block.deepCopy();
    if (txs.size() > 0) {
      ((ArrayNode) duplicated.get("txs")).add(txs.get(0));
      assertDetected(index, duplicated);
    }
  }

  static Stream<Integer> blockIndexes() {
    return Stream.iterate(0, i -> i + 1).limit(STORED.size());
  }

  private void assertDetected(int index, ObjectNode tamperedBlock) {
    LedgerBlock parsed;
    try {
      parsed = LedgerBlockCodec.fromNode(tamperedBlock);
    } catch (InvalidLedgerDataException | JsonFormatException e) {
      return; // detected when reading the stored block
    }
    List<LedgerBlock> chain = new ArrayList<>(LEDGER.chain.subList(0, index));
    chain.add(parsed);
    Verdict verdict = validator.validate(chain, NOW);
    assertThat(verdict.accepted()).as("tampered block %d accepted", index).isFalse();
    assertThat(((Verdict.Rejected) verdict).violation().height()).isEqualTo(index);
  }

  private static void leaves(JsonNode node, String pointer, List<String> out) {
    if (node.isObject()) {
      node.fieldNames().forEachRemaining(name -> leaves(node.get(name), pointer + "/" + name, out));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        leaves(node.get(i), pointer + "/" + i, out);
      }
    } else {
      out.add(pointer);
    }
  }

  /** A different value of the same kind where possible: the subtlest edit. */
  private static JsonNode altered(JsonNode old) {
    var nodes = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
    if (old.isTextual()) {
      String s = old.textValue();
      if (s.isEmpty()) {
        return nodes.textNode("x");
      }
      char c = s.charAt(s.length() - 1);
      char flipped = c == '0' ? '1' : (Character.isDigit(c) || (c >= 'a' && c <= 'f')) ? '0' : 'x';
      return nodes.textNode(s.substring(0, s.length() - 1) + flipped);
    }
    if (old.isBoolean()) {
      return nodes.booleanNode(!old.booleanValue());
    }
    if (old.isIntegralNumber()) {
      return nodes.numberNode(old.longValue() == 2 ? 1 : old.longValue() + 1);
    }
    if (old.isNull()) {
      return nodes.textNode("x");
    }
    throw new IllegalStateException("unexpected leaf " + old);
  }

  private static LedgerBlock tampered(LedgerBlock block, Consumer<ObjectNode> edit) {
    ObjectNode node = LedgerBlockCodec.toNode(block);
    edit.accept(node);
    return LedgerBlockCodec.fromNode(node);
  }
}
