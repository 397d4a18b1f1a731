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
import java.util.ArrayList;
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
  void aTransactionBeyondAGapIsQueuedUntilTheGapFillsThenPendingInSeqOrder() {
    TxPool pool = pool(genesis);
    LedgerTx third = policy(v1, 3, "third");
    LedgerTx second = policy(v1, 2, "second");
    LedgerTx other = policy(creator, 4, "other");
    LedgerTx first = policy(v1, 1, "first");

    assertThat(pool.add(third, 0).outcome()).isEqualTo(Outcome.QUEUED);
    assertThat(pool.add(second, 1).outcome()).isEqualTo(Outcome.QUEUED);
    assertThat(pool.add(third, 2).outcome()).isEqualTo(Outcome.DUPLICATE);
    assertThat(pool.add(other, 3).outcome()).isEqualTo(Outcome.POOLED);
    assertThat(pool.pending()).containsExactly(other);
    assertThat(pool.queued()).containsExactly(second, third);
    assertThat(pool.isQueued(second.id())).isTrue();
    assertThat(pool.isPending(second.id())).isFalse();
    assertThat(pool.select(false, 10)).containsExactly(other);
    assertThat(pool.nextSeq(v1.deviceId())).as("queued ones do not count").isEqualTo(1);

    assertThat(pool.add(first, 4).outcome()).isEqualTo(Outcome.POOLED);
    assertThat(pool.queued()).isEmpty();
    assertThat(pool.pending()).containsExactly(other, first, second, third);
    assertThat(pool.select(false, 10)).containsExactly(other, first, second, third);
    assertThat(pool.nextSeq(v1.deviceId())).isEqualTo(4);
    assertThat(pool.oldestArrival()).isZero();
  }

  @Test
  void queuedTransactionsAreBoundedPerIssuerKeepingTheLowestSeqs() {
    TxPool pool =
        new TxPool(
            TestLedger.ED25519,
            creator.deviceId(),
            HexFormat.of().formatHex(creator.publicKey()),
            ledger.state(genesis),
            100,
            2);
    LedgerTx s3 = policy(v1, 3, "3");
    LedgerTx s4 = policy(v1, 4, "4");
    LedgerTx s5 = policy(v1, 5, "5");
    LedgerTx s2 = policy(v1, 2, "2");

    assertThat(pool.add(s3, 0).queued()).isTrue();
    assertThat(pool.add(s4, 0).queued()).isTrue();
    assertThat(pool.add(s5, 0).outcome()).isEqualTo(Outcome.POOL_FULL);
    assertThat(pool.add(s2, 0).queued()).isTrue();
    assertThat(pool.queued()).containsExactly(s2, s3);
    // Other issuers have their own room.
    assertThat(pool.add(policy(creator, 6, "c"), 0).queued()).isTrue();
    assertThat(pool.size()).isEqualTo(3);
  }

  @Test
  void aQueuedTransactionNeedsAnAdmittedIssuerAndAFreeSeq() {
    TxPool pool = pool(genesis);
    NodeIdentity stranger = TestLedger.identity("pool-stranger");
    LedgerTx a = policy(v1, 3, "a");
    LedgerTx b = policy(v1, 3, "b");

    assertThat(pool.add(policy(stranger, 5, "x"), 0).violation().kind())
        .isEqualTo(ViolationKind.UNAUTHORIZED_TX);
    assertThat(pool.add(a, 0).queued()).isTrue();
    assertThat(pool.add(b, 0).violation().kind()).isEqualTo(ViolationKind.REPLAYED_TX);
    assertThat(pool.queued()).containsExactly(a);
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
  void aReorgPutsTheAbandonedTransactionsBackAheadOfTheIssuersLaterOnes() {
    // Fork A sealed v1's seq 1 and 2; the pool meanwhile got v1's seq 3. The winning fork B has
    // none of them: all three are pending again, in seq order.
    LedgerTx a1 = policy(v1, 1, "a1");
    LedgerTx a2 = policy(v1, 2, "a2");
    LedgerTx a3 = policy(v1, 3, "a3");
    LedgerBlock forkA1 = ledger.next(genesis, a1);
    LedgerBlock forkA = ledger.next(forkA1, a2);
    TxPool pool = pool(forkA);
    assertThat(pool.add(a3, 0).pooled()).isTrue();
    assertThat(pool.add(a1, 0).violation().kind()).isEqualTo(ViolationKind.REPLAYED_TX);

    LedgerTx b = policy(creator, 4, "b");
    LedgerBlock forkB =
        ledger.next(
            ledger.next(genesis, ledger.validators().get(2), b), ledger.validators().get(1));
    List<LedgerTx> abandoned = new ArrayList<>(forkA1.txs());
    abandoned.addAll(forkA.txs());

    assertThat(pool.reset(ledger.state(forkB), abandoned, 9)).containsExactly(a1, a2);
    assertThat(pool.pending()).containsExactly(a1, a2, a3);
    assertThat(pool.queued()).isEmpty();
    assertThat(pool.select(false, 10)).containsExactly(a1, a2, a3);
    assertThat(pool.nextSeq(v1.deviceId())).isEqualTo(4);
  }

  @Test
  void aReorgOntoAChainWithoutTheFirstOfAnIssuersTransactionsQueuesTheLaterOnes() {
    // The pool's head sealed v1's seq 1; the pool holds seq 2. A reorg to a fork without seq 1
    // that does not return it (the pool restarted, say) leaves seq 2 queued until seq 1 arrives.
    LedgerTx s1 = policy(v1, 1, "1");
    LedgerTx s2 = policy(v1, 2, "2");
    LedgerBlock sealed = ledger.next(genesis, s1);
    TxPool pool = pool(sealed);
    pool.add(s2, 0);

    LedgerBlock fork = ledger.next(genesis, ledger.validators().get(2));
    assertThat(pool.reset(ledger.state(fork), List.of(), 5)).isEmpty();
    assertThat(pool.pending()).isEmpty();
    assertThat(pool.queued()).containsExactly(s2);

    assertThat(pool.add(s1, 6).pooled()).isTrue();
    assertThat(pool.pending()).containsExactly(s1, s2);
  }

  @Test
  void whenAReorgMakesAnIssuersNextTransactionInvalidItsLaterOnesWaitForANewOne() {
    // Pending: the creator publishes model 1 (seq 4), then changes a policy (seq 5). The new head
    // already has model 1 (published by v1), so seq 4 is dropped and seq 5 waits; the creator's
    // next transaction takes seq 4 and lets seq 5 through.
    LedgerTx publish = signed(creator, 4, new TxPayload.ModelPublished(1, "ab".repeat(32)));
    LedgerTx after = policy(creator, 5, "after");
    TxPool pool = pool(genesis);
    pool.add(publish, 0);
    pool.add(after, 0);
    assertThat(pool.pending()).containsExactly(publish, after);

    LedgerBlock other =
        ledger.next(genesis, signed(v1, 1, new TxPayload.ModelPublished(1, "cd".repeat(32))));
    assertThat(pool.reset(ledger.state(other), List.of(), 3)).isEmpty();
    assertThat(pool.pending()).isEmpty();
    assertThat(pool.queued()).containsExactly(after);
    assertThat(pool.nextSeq(creator.deviceId())).isEqualTo(4);

    LedgerTx instead = policy(creator, 4, "instead");
    assertThat(pool.add(instead, 4).pooled()).isTrue();
    assertThat(pool.pending()).containsExactly(instead, after);
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
