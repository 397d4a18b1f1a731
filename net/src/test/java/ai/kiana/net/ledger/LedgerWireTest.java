package ai.kiana.net.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kiana.core.ledger.LedgerBlock;
import ai.kiana.core.ledger.engine.LedgerMessage;
import ai.kiana.net.protocol.Frame;
import ai.kiana.net.protocol.MessageType;
import ai.kiana.net.protocol.PeerPermission;
import ai.kiana.net.protocol.ProtocolException;
import ai.kiana.testkit.ledger.TestLedger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class LedgerWireTest {

  private static final TestLedger LEDGER = new TestLedger(3);

  static Stream<LedgerMessage> messages() {
    List<LedgerBlock> chain = LEDGER.chain(3);
    LedgerBlock rich = LEDGER.next(chain.get(3), LEDGER.policy(chain.get(3), "strict"));
    return Stream.of(
        new LedgerMessage.Status(chain.get(2).hash(), 2, 5),
        LedgerMessage.GetBlocks.range(4, 128),
        LedgerMessage.GetBlocks.ancestors(chain.get(1).hash(), 16),
        new LedgerMessage.Blocks(chain),
        new LedgerMessage.Blocks(List.of()),
        new LedgerMessage.NewBlock(rich),
        new LedgerMessage.TxAnnounce(rich.txs().get(0)));
  }

  @ParameterizedTest
  @MethodSource("messages")
  void everyLedgerMessageSurvivesTheWire(LedgerMessage message) {
    Frame frame = LedgerWire.encode(message, LEDGER.genesis().hash());

    assertThat(LedgerWire.isLedger(frame.type())).isTrue();
    assertThat(LedgerWire.decode(frame)).isEqualTo(message);
  }

  @Test
  void aStatusNamesItsNetwork() {
    Frame f = LedgerWire.encode(new LedgerMessage.Status("h", 0, 0), LEDGER.genesis().hash());

    assertThat(LedgerWire.genesisOf(f)).isEqualTo(LEDGER.genesis().hash());
  }

  @Test
  void joinAndItsAnswersSurviveTheWire() {
    LedgerWire.Join join = new LedgerWire.Join("ab".repeat(32), "phone", "cd".repeat(32), 0);
    assertThat(LedgerWire.decodeJoin(LedgerWire.encodeJoin(join))).isEqualTo(join);

    LedgerWire.JoinAnswer accept = LedgerWire.JoinAnswer.accept(LEDGER.genesis());
    assertThat(LedgerWire.decodeAnswer(LedgerWire.encodeAnswer(accept))).isEqualTo(accept);
    LedgerWire.JoinAnswer refuse = LedgerWire.JoinAnswer.refuse("no");
    assertThat(LedgerWire.decodeAnswer(LedgerWire.encodeAnswer(refuse))).isEqualTo(refuse);
  }

  @Test
  void aJoinAnswerMustCarryAGenesisBlock() {
    LedgerBlock notGenesis = LEDGER.chain(1).get(1);
    Frame forged =
        Frame.of(
            MessageType.LEDGER_GENESIS,
            ("{\"genesis\":" + ai.kiana.core.ledger.LedgerBlockCodec.toJson(notGenesis) + "}")
                .getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> LedgerWire.decodeAnswer(forged))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("height 1");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "[]",
        "not json",
        "{\"head\":\"x\",\"height\":-1,\"totalDifficulty\":0}",
        "{\"head\":\"x\",\"height\":1}",
        "{\"head\":\"x\",\"height\":1,\"totalDifficulty\":0,\"extra\":1}",
      })
  void malformedStatusIsAProtocolError(String payload) {
    Frame f = Frame.of(MessageType.LEDGER_STATUS, payload.getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> LedgerWire.decode(f)).isInstanceOf(ProtocolException.class);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 129})
  void blockRequestsAreBounded(int max) {
    String json = "{\"fromHash\":null,\"fromHeight\":1,\"max\":" + max + "}";
    Frame f = Frame.of(MessageType.LEDGER_GET_BLOCKS, json.getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> LedgerWire.decode(f)).isInstanceOf(ProtocolException.class);
  }

  @Test
  void aTamperedBlockDecodesButIsNotTheSameBlock() {
    LedgerBlock block = LEDGER.chain(1).get(1);
    String json =
        new String(
                LedgerWire.encode(new LedgerMessage.NewBlock(block), "g").payload(),
                StandardCharsets.UTF_8)
            .replace(
                "\"timestamp\":" + block.timestamp(), "\"timestamp\":" + (block.timestamp() + 1));
    LedgerMessage decoded =
        LedgerWire.decode(
            Frame.of(MessageType.LEDGER_NEW_BLOCK, json.getBytes(StandardCharsets.UTF_8)));

    // The wire only checks the shape; the engine's rules reject the changed block (hash, seal).
    assertThat(((LedgerMessage.NewBlock) decoded).block()).isNotEqualTo(block);
  }

  @ParameterizedTest
  @EnumSource(MessageType.class)
  void everyMessageTypeDeclaresAPermission(MessageType type) {
    PeerPermission p = PeerPermission.of(type);

    assertThat(p).isNotNull();
    assertThat(LedgerWire.isLedger(type))
        .isEqualTo(p == PeerPermission.LEDGER || p == PeerPermission.PAIR);
  }

  @Test
  void noTwoMessageTypesShareACode() {
    assertThat(Arrays.stream(MessageType.values()).map(MessageType::code)).doesNotHaveDuplicates();
  }

  @Test
  void ledgerCodesFollowTheKnowledgeSyncCodes() {
    assertThat(Arrays.stream(MessageType.values()).filter(t -> LedgerWire.isLedger(t)))
        .containsExactly(
            MessageType.LEDGER_STATUS,
            MessageType.LEDGER_GET_BLOCKS,
            MessageType.LEDGER_BLOCKS,
            MessageType.LEDGER_NEW_BLOCK,
            MessageType.LEDGER_TX,
            MessageType.LEDGER_JOIN,
            MessageType.LEDGER_GENESIS);
  }
}
