package ai.kiana.core.ledger.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.core.ledger.LedgerBlock;
import ai.kiana.core.ledger.LedgerParams;
import ai.kiana.core.ledger.LedgerState;
import ai.kiana.core.ledger.LedgerTx;
import ai.kiana.core.ledger.Role;
import ai.kiana.core.ledger.TxPayload;
import ai.kiana.core.ledger.engine.TxAdmission.Outcome;
import ai.kiana.core.ledger.rules.ViolationKind;
import ai.kiana.testkit.ledger.TestLedger;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class TxPoolTest {

  private final TestLedger ledger = new TestLedger(3, LedgerParams.DEFAULTS.withEpochLength(2));
  private final LedgerBlock genesis = ledger.genesis();
  private final NodeIdentity creator = ledger.creator();
  private final NodeIdentity v1 = ledger.validators().get(1);

  private TxPool pool(LedgerBlock head) {
    return new TxPool(
        TestLedger.ED25519,
        creator.deviceId(),
        HexFormat.of().formatHex(creator.publicKey()),
        ledger.state(head),
        100);
  }

  private static LedgerTx policy(NodeIdentity issuer, long seq, String value) {
    return LedgerTx.sign(issuer, seq, new TxPayload.PolicyChanged("test.pool", value));
  }

  @Test
  void aTransactionIsPooledOnceAndKeptInArrivalOrder() {
    TxPool pool = pool(genesis);
    LedgerTx a = policy(v1, 1, "a");
    LedgerTx b = policy(creator, 4, "b");

    assertThat(pool.add(a, 0).outcome()).isEqualTo(Outcome.POOLED);
    assertThat(pool.add(b, 1).outcome()).isEqualTo(Outcome.POOLED);
    assertThat(pool.add(a, 2).outcome()).isEqualTo(Outcome.DUPLICATE);
    assertThat(pool.pending()).containsExactly(a, b);
    assertThat(pool.oldestArrival()).isZero();
  }

  @Test
  void badSignaturesReplaysAndUnauthorisedIssuersAreRefused() {
    TxPool pool = pool(genesis);
    LedgerTx good = policy(v1, 1, "x");
    LedgerTx forged =
        new LedgerTx(
            good.payload(), good.issuer(), good.key(), good.seq(), policy(v1, 1, "y").sig());
    // The creator used seq 1..3 in genesis to admit itself and the two other validators.
    LedgerTx replay = policy(creator, 3, "old seq");
    NodeIdentity stranger = TestLedger.identity("pool-stranger");
    LedgerTx outsider = policy(stranger, 1, "not admitted");

    assertThat(pool.add(forged, 0).violation().kind()).isEqualTo(ViolationKind.BAD_TX_SIGNATURE);
    assertThat(pool.add(replay, 0).violation().kind()).isEqualTo(ViolationKind.REPLAYED_TX);
    assertThat(pool.add(outsider, 0).violation().kind()).isEqualTo(ViolationKind.UNAUTHORIZED_TX);
    assertThat(pool.isEmpty()).isTrue();
    assertThat(pool.add(good, 0).pooled()).isTrue();
  }

  @Test
  void aTransactionMayDependOnAnEarlierPendingOne() {
    TxPool pool = pool(genesis);
    NodeIdentity phone = TestLedger.identity("pool-phone");
    LedgerTx admit =
        signed(
            creator,
            4,
            new TxPayload.DeviceAdmitted(
                phone.deviceId(), HexFormat.of().formatHex(phone.publicKey()), Role.ADMIN, "p"));
    LedgerTx phonePolicy = policy(phone, 1, "from the phone");

    assertThat(pool.add(phonePolicy, 0).violation().kind())
        .isEqualTo(ViolationKind.UNAUTHORIZED_TX);
    assertThat(pool.add(admit, 0).pooled()).isTrue();
    assertThat(pool.add(phonePolicy, 1).pooled()).isTrue();
    assertThat(pool.select(false, 10)).containsExactly(admit, phonePolicy);
  }

  @Test
  void anIssuersTransactionsThatArriveOutOfOrderAreSealedInSeqOrder() {
    TxPool pool = pool(genesis);
    LedgerTx other = policy(creator, 4, "other");
    LedgerTx second = policy(v1, 2, "second");
    LedgerTx first = policy(v1, 1, "first");

    pool.add(second, 0);
    pool.add(other, 1);
    assertThat(pool.add(first, 2).pooled()).isTrue();

    // v1's two transactions keep v1's places (0 and 2), in seq order.
    assertThat(pool.pending()).containsExactly(first, other, second);
  }

  @Test
  void aNewHeadDropsWhatItSealedAndAReorgBringsAbandonedTransactionsBack() {
    LedgerTx a = policy(v1, 1, "a");
    LedgerTx b = policy(creator, 4, "b");
    LedgerTx c = policy(v1, 2, "c");
    LedgerBlock sealedA = ledger.next(genesis, a);
    TxPool pool = pool(genesis);
    pool.add(a, 0);
    pool.add(b, 0);
    pool.add(c, 0);

    assertThat(pool.reset(ledger.state(sealedA), List.of(), 5)).isEmpty();
    assertThat(pool.pending()).containsExactly(b, c);

    // Back to a fork without a: a returns, first.
    LedgerBlock fork = ledger.next(genesis, ledger.validators().get(2));
    assertThat(pool.reset(ledger.state(fork), sealedA.txs(), 9)).containsExactly(a);
    assertThat(pool.pending()).containsExactly(a, b, c);
  }

  @Test
  void votesWaitWhenTheNextBlockIsACheckpoint() {
    LedgerTx vote = LedgerTx.sign(v1, 1, new TxPayload.ValidatorVote(creator.deviceId(), false));
    LedgerTx other = policy(creator, 4, "b");
    LedgerBlock b1 = ledger.next(genesis);
    TxPool pool = pool(b1);
    pool.add(vote, 0);
    pool.add(other, 0);

    LedgerState head = ledger.state(b1);
    assertThat(head.params().isEpochBlock(head.height() + 1)).isTrue();
    assertThat(pool.select(true, 10)).containsExactly(other);
    assertThat(pool.select(false, 10)).containsExactly(vote, other);
  }

  private static LedgerTx signed(NodeIdentity issuer, long seq, TxPayload payload) {
    return LedgerTx.sign(issuer, seq, payload);
  }
}
