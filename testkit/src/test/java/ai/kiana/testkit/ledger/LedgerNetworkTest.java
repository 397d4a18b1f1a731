package ai.kiana.testkit.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kiana.core.ledger.LedgerTx;
import ai.kiana.core.ledger.engine.LedgerMessage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The harness itself: seeded runs repeat exactly, and its faults do what they say. */
class LedgerNetworkTest {

  @Test
  void theSameSeedGivesTheSameRun() {
    assertThat(script(42)).isEqualTo(script(42));
    assertThat(script(42)).isNotEqualTo(script(43));
  }

  private static List<String> script(long seed) {
    LedgerNetwork net =
        LedgerNetwork.builder().validators(5).seed(seed).delay(5, 300).dropRate(0.2).build();
    List<String> heads = new ArrayList<>();
    for (int k = 0; k < 10; k++) {
      net.submitPolicy(k % 5);
      if (k == 3) {
        net.partition(new int[] {0, 1}, new int[] {2, 3, 4});
      }
      if (k == 7) {
        net.heal();
      }
      net.run(30);
      for (int i = 0; i < 5; i++) {
        heads.add(net.engine(i).head().hash());
      }
    }
    heads.add(Long.toString(net.bus().dropped()));
    return heads;
  }

  @Test
  void partitionedAndOfflineNodesReceiveNothing() {
    LedgerNetwork net = LedgerNetwork.builder().validators(3).build();
    net.partition(new int[] {0}, new int[] {1, 2});
    net.offline(2);

    LedgerTx tx = net.submitPolicy(0);
    net.run(40);

    assertThat(net.sealedAt(0, tx)).isTrue();
    assertThat(net.engine(1).head().height()).isZero();
    assertThat(net.node(2).store().count()).isEqualTo(1);
    assertThat(net.converged(0, 1)).isFalse();
  }

  @Test
  void runUntilReportsTheNetworkWhenTheConditionIsNotMet() {
    LedgerNetwork net = LedgerNetwork.builder().validators(2).build();

    assertThatThrownBy(() -> net.runUntil(() -> false, 5))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("within 5 steps")
        .hasMessageContaining("node 1");
    assertThat(net.rounds()).isEqualTo(5);
  }

  @Test
  void injectedMessagesArriveAfterTheLinkDelay() {
    LedgerNetwork net = LedgerNetwork.builder().validators(2).delay(100, 100).build();
    net.bus().dropRate(0);
    net.inject(net.node(0).id(), 1, new LedgerMessage.Status("ab".repeat(32), 5, 9));

    net.run(1);
    assertThat(net.bus().inFlight()).isPositive();
    net.run(3);
    // Node 1 saw a better head it does not know and asked node 0 for it.
    assertThat(net.bus().sent()).isGreaterThan(1);
  }
}
