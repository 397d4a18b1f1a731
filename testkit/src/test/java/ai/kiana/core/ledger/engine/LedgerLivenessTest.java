package ai.kiana.core.ledger.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.ledger.LedgerBlock;
import ai.kiana.core.ledger.LedgerTx;
import ai.kiana.testkit.ledger.LedgerNetwork;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The ledger keeps going: with a minority of validators offline, after restarts, and after an
 * offline validator is voted out; and it does not fill the disk when idle.
 */
class LedgerLivenessTest {

  @ParameterizedTest(name = "{0} validators, {1} offline")
  @CsvSource({"1, 0", "3, 1", "5, 2", "7, 3"})
  void keepsSealingWhenAMinorityOfValidatorsIsOffline(int validators, int offline) {
    LedgerNetwork net = LedgerNetwork.builder().validators(validators).seed(validators).build();
    for (int i = validators - offline; i < validators; i++) {
      net.offline(i);
    }
    List<Integer> up = net.online();

    // Twice round the validator set, so every offline validator misses its turn and the
    // recent-signer window (floor(N/2)+1) has to rotate among the online ones.
    for (int k = 0; k < 2 * validators + 2; k++) {
      LedgerTx tx = net.submitPolicy(up.get(k % up.size()));
      net.runUntil(() -> net.sealedEverywhere(tx) && net.converged(), 200);
    }

    assertThat(net.engine(0).head().height()).isEqualTo(2L * validators + 2);
    assertThat(net.engine(0).pending()).isEmpty();
  }

  @Test
  void aSingleValidatorSealsASubmittedTransactionInTheNextTick() {
    LedgerNetwork net = LedgerNetwork.builder().validators(1).build();
    LedgerTx tx = net.submitPolicy(0);

    net.step();

    assertThat(net.sealedAt(0, tx)).isTrue();
    assertThat(net.engine(0).head().difficulty()).isEqualTo(LedgerBlock.DIFF_IN_TURN);
  }

  /**
   * EIP-225 with two validators: the signer limit is floor(2/2)+1 = 2, so a validator may not seal
   * two blocks in a row, and a vote needs 2 of 2. With one of them offline, which is half and not a
   * minority, the other seals at most one more block and then nothing, not even a heartbeat, and
   * cannot vote the offline one out. Sealing resumes when the other comes back.
   */
  @Test
  void twoValidatorsWithOneOfflineSealOneBlockThenHaltUntilItReturns() {
    LedgerNetwork net = LedgerNetwork.builder().validators(2).build();
    net.offline(1);

    LedgerTx first = net.submitPolicy(0);
    net.runUntil(() -> net.sealedAt(0, first), 100);
    LedgerTx second = net.submitPolicy(0);
    LedgerTx vote = net.submitVote(0, 1, false);
    net.run(1_600); // 80 s: past the 60 s heartbeat, too

    LedgerEngine lone = net.engine(0);
    assertThat(lone.head().height()).isEqualTo(1);
    assertThat(lone.headState().sealedRecently(lone.deviceId())).isTrue();
    assertThat(lone.pending()).containsExactly(second, vote);
    assertThat(lone.headState().validators()).hasSize(2);

    net.online(1);
    net.runUntil(() -> net.sealedEverywhere(second) && net.converged(), 200);
    assertThat(net.engine(1).head().proposer()).isEqualTo(net.node(1).id());
    // One vote of two is not a majority: node 1 stays a validator.
    net.runUntil(() -> net.sealedEverywhere(vote), 200);
    assertThat(net.engine(0).headState().validators()).hasSize(2);
  }

  @Test
  void aRestartedValidatorCatchesUp() {
    LedgerNetwork net = LedgerNetwork.builder().validators(3).build();
    net.offline(2);
    LedgerTx last = null;
    for (int k = 0; k < 6; k++) {
      last = net.submitPolicy(k % 2);
      LedgerTx tx = last;
      net.runUntil(() -> net.sealedEverywhere(tx), 200);
    }
    assertThat(net.node(2).store().count()).isEqualTo(1);

    net.online(2);
    net.runUntil(net::converged, 100);

    assertThat(net.engine(2).head()).isEqualTo(net.engine(0).head());
    assertThat(net.sealedAt(2, last)).isTrue();
    assertThat(net.node(2).store().count()).isEqualTo(7);
    assertThat(net.node(2).store().head()).contains(net.engine(0).head().hash());
  }

  @Test
  void aValidatorFarBehindCatchesUpInSeveralBatches() {
    LedgerNetwork net =
        LedgerNetwork.builder()
            .validators(3)
            .config(LedgerEngineConfig.DEFAULTS.withStatusIntervalMillis(1_000).withSyncBatch(8))
            .build();
    net.offline(2);
    for (int k = 0; k < 40; k++) {
      LedgerTx tx = net.submitPolicy(k % 2);
      net.runUntil(() -> net.sealedEverywhere(tx), 200);
    }

    net.online(2);
    int steps = net.runUntil(net::converged, 200);

    assertThat(net.engine(2).head().height()).isEqualTo(40);
    assertThat(steps).as("5 batches of 8, a few round trips each").isLessThan(100);
  }

  @Test
  void aValidatorRestartedFromItsStoreKeepsItsChainAndGoesOnSealing() {
    LedgerNetwork net = LedgerNetwork.builder().validators(3).build();
    for (int k = 0; k < 4; k++) {
      LedgerTx tx = net.submitPolicy(k % 3);
      net.runUntil(() -> net.sealedEverywhere(tx), 200);
    }
    LedgerBlock head = net.engine(1).head();

    net.restart(1);

    assertThat(net.engine(1).head()).isEqualTo(head);
    assertThat(net.engine(1).knownBlocks()).isEqualTo(5);
    for (int k = 0; k < 3; k++) {
      LedgerTx tx = net.submitPolicy(1);
      net.runUntil(() -> net.sealedEverywhere(tx) && net.converged(), 200);
    }
  }

  @Test
  void removingOfflineValidatorsByVoteRestoresTheFullRotation() {
    LedgerNetwork net = LedgerNetwork.builder().validators(5).build();
    net.offline(3, 4);
    DeviceId gone3 = net.node(3).id();
    DeviceId gone4 = net.node(4).id();

    // 3 votes of 5 are a strict majority: node 4 leaves.
    List<LedgerTx> votes = new ArrayList<>();
    for (int voter = 0; voter < 3; voter++) {
      votes.add(net.submitVote(voter, 4, false));
    }
    net.runUntil(() -> votes.stream().allMatch(net::sealedEverywhere) && net.converged(), 300);
    assertThat(net.engine(0).headState().validators()).hasSize(4).doesNotContain(gone4);

    // Then 3 of the remaining 4 remove node 3, and the three online validators are all there is.
    votes.clear();
    for (int voter = 0; voter < 3; voter++) {
      votes.add(net.submitVote(voter, 3, false));
    }
    net.runUntil(() -> votes.stream().allMatch(net::sealedEverywhere) && net.converged(), 300);
    assertThat(net.engine(0).headState().validators()).hasSize(3).doesNotContain(gone3, gone4);

    for (int k = 0; k < 6; k++) {
      LedgerTx tx = net.submitPolicy(k % 3);
      net.runUntil(() -> net.sealedEverywhere(tx) && net.converged(), 200);
    }

    // The removed devices come back, catch up, and see they no longer seal.
    long height = net.engine(0).head().height();
    net.online(3, 4);
    net.runUntil(net::settled, 200);
    net.run(100);
    assertThat(net.engine(4).headState().validators()).hasSize(3).doesNotContain(gone4);
    assertThat(net.engine(3).head().height()).isEqualTo(height);
  }

  @Test
  void anIdleNetworkSealsOnlyBoundedHeartbeatBlocks() {
    LedgerNetwork net =
        LedgerNetwork.builder()
            .validators(3)
            .config(
                LedgerEngineConfig.DEFAULTS
                    .withStatusIntervalMillis(1_000)
                    .withHeartbeatMillis(10_000))
            .build();

    net.run(1_200); // 60 s

    List<LedgerBlock> chain = net.engine(0).chain(1, 100);
    assertThat(chain).hasSizeBetween(5, 6).allMatch(b -> b.txs().isEmpty());
    for (int i = 1; i < chain.size(); i++) {
      assertThat(chain.get(i).timestamp() - chain.get(i - 1).timestamp())
          .isBetween(10_000L, 12_000L);
    }
    assertThat(net.converged()).isTrue();
  }

  @Test
  void withoutHeartbeatsAnIdleNetworkSealsNothing() {
    LedgerNetwork net =
        LedgerNetwork.builder()
            .validators(3)
            .config(LedgerEngineConfig.DEFAULTS.withHeartbeatMillis(0))
            .build();

    net.run(2_000);

    assertThat(net.engine(0).head().height()).isZero();
  }
}
