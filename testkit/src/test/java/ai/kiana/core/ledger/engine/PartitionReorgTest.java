package ai.kiana.core.ledger.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.ledger.LedgerBlock;
import ai.kiana.core.ledger.LedgerState;
import ai.kiana.core.ledger.LedgerTx;
import ai.kiana.core.ledger.TxPayload;
import ai.kiana.testkit.ledger.LedgerNetwork;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Both sides of a partition seal; when it heals, everyone follows the heavier chain. */
class PartitionReorgTest {

  private static final int[] MAJORITY = {0, 1, 2};
  private static final int[] MINORITY = {3, 4};

  @Test
  void afterA3To2PartitionHealsAllFollowTheHeavierChainAndAbandonedTxsAreSealedAgain() {
    LedgerNetwork net = LedgerNetwork.builder().validators(5).seed(7).build();
    net.partition(MAJORITY, MINORITY);

    LedgerTx minorityTx = net.submitPolicy(3);
    net.runUntil(() -> net.sealedAt(3, minorityTx) && net.converged(MINORITY), 200);
    List<LedgerTx> majorityTxs = new ArrayList<>();
    for (int k = 0; k < 4; k++) {
      LedgerTx tx = net.submitPolicy(k % 3);
      majorityTxs.add(tx);
      net.runUntil(() -> net.sealedAt(0, tx) && net.converged(MAJORITY), 200);
    }
    // The minority has 2 of 5 validators: with a signer limit of 3 it can seal at most 2 blocks.
    LedgerTx stuck = net.submitPolicy(4);
    net.run(200);

    LedgerBlock minorityHead = net.engine(3).head();
    LedgerBlock majorityHead = net.engine(0).head();
    LedgerState minority = net.engine(3).headState();
    LedgerState majority = net.engine(0).headState();
    assertThat(minority.height()).isBetween(1L, 2L);
    assertThat(majority.totalDifficulty()).isGreaterThan(minority.totalDifficulty());
    assertThat(net.sealedAt(0, minorityTx)).isFalse();

    net.heal();
    net.runUntil(
        () ->
            net.settled()
                && net.sealedEverywhere(minorityTx)
                && net.sealedEverywhere(stuck)
                && majorityTxs.stream().allMatch(net::sealedEverywhere),
        400);

    for (int i = 0; i < net.size(); i++) {
      LedgerEngine e = net.engine(i);
      assertThat(e.isCanonical(majorityHead.hash()))
          .as("node %d keeps the heavier chain", i)
          .isTrue();
      assertThat(e.isCanonical(minorityHead.hash())).as("node %d left the lighter", i).isFalse();
      if (i >= 3) {
        assertThat(e.block(minorityHead.hash())).as("but remembers it").isEqualTo(minorityHead);
      }
      assertThat(e.offenceLog()).isEmpty();
    }
    // Both forks are stored; a restart rebuilds the same head from them.
    assertThat(net.node(3).store().get(minorityHead.hash())).contains(minorityHead);
    assertThat(net.node(3).store().head()).contains(net.engine(3).head().hash());
    LedgerBlock head = net.engine(3).head();
    net.restart(3);
    assertThat(net.engine(3).head()).isEqualTo(head);
    assertThat(net.engine(3).block(minorityHead.hash())).isEqualTo(minorityHead);

    // The minority's transaction is sealed once, on the new chain.
    long copies =
        net.engine(0).chain(0, 1_000).stream().filter(b -> b.txs().contains(minorityTx)).count();
    assertThat(copies).isEqualTo(1);
  }

  @Test
  void aLaterTransactionThatReachesTheWinningSideFirstWaitsForTheAbandonedOneAndNeitherIsLost() {
    // With seq gaps allowed, the majority would seal `second` and so spend the seq of `first`,
    // which only the losing minority sealed: `first` would be dropped as a replay after the heal.
    LedgerNetwork net = LedgerNetwork.builder().validators(5).seed(11).build();
    net.partition(MAJORITY, MINORITY);
    LedgerTx first = net.submitPolicy(3);
    net.runUntil(() -> net.sealedAt(3, first) && net.converged(MINORITY), 200);
    for (int k = 0; k < 3; k++) {
      LedgerTx tx = net.submitPolicy(k);
      net.runUntil(() -> net.sealedAt(0, tx) && net.converged(MAJORITY), 200);
    }
    LedgerTx second =
        net.sign(net.node(3).identity(), new TxPayload.PolicyChanged("test.later", "second"));
    assertThat(second.seq()).isEqualTo(first.seq() + 1);
    assertThat(net.submit(3, second).pooled()).isTrue();
    // It reaches the majority (through some other path) before `first` does.
    assertThat(net.submit(0, second).outcome()).isEqualTo(TxAdmission.Outcome.QUEUED);
    net.run(100);
    assertThat(net.sealedAt(0, second)).isFalse();
    assertThat(net.engine(0).queued()).containsExactly(second);
    assertThat(net.engine(0).pending()).isEmpty();
    assertThat(net.engine(0).nextSeq(net.node(3).id())).isEqualTo(first.seq());

    net.heal();
    net.runUntil(
        () -> net.settled() && net.sealedEverywhere(first) && net.sealedEverywhere(second), 400);

    List<LedgerTx> sealed = new ArrayList<>();
    for (LedgerBlock block : net.engine(0).chain(1, 1_000)) {
      sealed.addAll(block.txs());
    }
    assertThat(sealed).containsOnlyOnce(first, second);
    assertThat(sealed.indexOf(first)).isLessThan(sealed.indexOf(second));
    assertThat(net.engine(3).nextSeq(net.node(3).id())).isEqualTo(second.seq() + 1);
  }

  @Test
  void equallyHeavyForksResolveToTheSameHeadOnEveryNode() {
    // 4 validators split 2/2: each side seals one block in turn or out of turn; whatever the
    // weights, the tie rule (lower height, then lower hash) picks the same head everywhere.
    LedgerNetwork net = LedgerNetwork.builder().validators(4).seed(3).build();
    net.partition(new int[] {0, 1}, new int[] {2, 3});
    LedgerTx a = net.submitPolicy(0);
    LedgerTx b = net.submitPolicy(2);
    net.runUntil(() -> net.sealedAt(0, a) && net.sealedAt(2, b), 200);
    net.run(40);

    net.heal();
    net.runUntil(() -> net.settled() && net.sealedEverywhere(a) && net.sealedEverywhere(b), 400);

    assertThat(net.converged()).isTrue();
  }
}
