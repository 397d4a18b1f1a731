package ai.kiana.core.ledger.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.core.ledger.BlockSealer;
import ai.kiana.core.ledger.LedgerBlock;
import ai.kiana.core.ledger.LedgerState;
import ai.kiana.core.ledger.LedgerTx;
import ai.kiana.core.ledger.TxPayload;
import ai.kiana.core.ledger.engine.LedgerMessage.NewBlock;
import ai.kiana.core.ledger.engine.LedgerMessage.TxAnnounce;
import ai.kiana.core.ledger.rules.RuleFactory;
import ai.kiana.core.ledger.rules.Verdict;
import ai.kiana.testkit.ledger.LedgerNetwork;
import ai.kiana.testkit.ledger.TestLedger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Two Byzantine validators of seven keep attacking while the five honest ones work: every kind of
 * invalid block, double seals and forged announcements, on whatever head they see. The honest nodes
 * never take an invalid block, agree on one head, and seal every honest transaction.
 */
class ByzantineNetworkTest {

  private static final int[] HONEST = {0, 1, 2, 3, 4};
  private static final int[] BYZANTINE = {5, 6};

  @Test
  void twoByzantineValidatorsOfSevenCannotStopOrSplitTheHonestFive() {
    LedgerNetwork net =
        LedgerNetwork.builder().validators(7).guests(1).seed(77).delay(5, 120).build();
    net.offline(BYZANTINE);
    Random random = new Random(77);
    Set<String> invalid = new HashSet<>();
    List<LedgerTx> honestTxs = new ArrayList<>();

    for (int round = 0; round < 60; round++) {
      if (round % 3 == 0) {
        honestTxs.add(net.submitPolicy(HONEST[random.nextInt(HONEST.length)]));
      }
      NodeIdentity byz = net.node(BYZANTINE[random.nextInt(2)]).identity();
      LedgerState head = net.engine(HONEST[random.nextInt(HONEST.length)]).headState();
      LedgerBlock bad = attack(net, random.nextInt(5), byz, head, random);
      if (bad != null) {
        invalid.add(bad.hash());
        net.injectAll(byz.deviceId(), new NewBlock(bad));
      }
      net.run(1 + random.nextInt(10));
    }
    net.runUntil(
        () -> net.converged(HONEST) && honestTxs.stream().allMatch(tx -> sealedByHonest(net, tx)),
        600);

    List<LedgerBlock> chain = net.engine(0).chain(0, Integer.MAX_VALUE);
    Verdict verdict =
        RuleFactory.chainValidator(TestLedger.ED25519, net.params()).validate(chain, net.now());
    assertThat(verdict.accepted()).as("%s", verdict).isTrue();
    assertThat(invalid).hasSizeGreaterThan(30);
    assertThat(chain).noneMatch(b -> invalid.contains(b.hash()));
    for (int i : HONEST) {
      LedgerEngine e = net.engine(i);
      for (String hash : invalid) {
        assertThat(e.block(hash)).isNull();
      }
      for (int j : HONEST) {
        assertThat(e.offences(net.node(j).id())).isZero();
      }
      int blamed = e.offences(net.node(5).id()) + e.offences(net.node(6).id());
      assertThat(blamed).as("node %d", i).isGreaterThan(invalid.size() / 2);
    }
  }

  /** One attack on {@code head}; returns the invalid block sent, if the attack sends one. */
  private static LedgerBlock attack(
      LedgerNetwork net, int kind, NodeIdentity byz, LedgerState head, Random random) {
    long now = net.now();
    switch (kind) {
      case 0 -> {
        // Double seal: two valid blocks on one parent, to different halves of the network.
        if (head.sealedRecently(byz.deviceId())) {
          return null;
        }
        LedgerBlock x = BlockSealer.next(byz, head, now, List.of());
        LedgerBlock y = BlockSealer.next(byz, head, now + 1, List.of());
        for (int i : HONEST) {
          net.inject(byz.deviceId(), i, new NewBlock(random.nextBoolean() ? x : y));
        }
        return null;
      }
      case 1 -> {
        // Seals too often: a valid block, then one more on top of it.
        if (head.sealedRecently(byz.deviceId())) {
          return BlockSealer.next(byz, head, now, List.of());
        }
        LedgerBlock first = BlockSealer.next(byz, head, now, List.of());
        net.injectAll(byz.deviceId(), new NewBlock(first));
        return BlockSealer.next(byz, head.apply(first), now + 10, List.of());
      }
      case 2 -> {
        return BlockSealer.next(byz, head, now + 600_000, List.of());
      }
      case 3 -> {
        LedgerTx a = net.sign(net.node(0).identity(), new TxPayload.PolicyChanged("x.y", "a"));
        LedgerTx b = net.sign(net.node(0).identity(), new TxPayload.PolicyChanged("x.y", "b"));
        LedgerTx forged = new LedgerTx(a.payload(), a.issuer(), a.key(), a.seq(), b.sig());
        net.injectAll(byz.deviceId(), new TxAnnounce(forged));
        return BlockSealer.next(byz, head, now, List.of(forged));
      }
      default -> {
        NodeIdentity guest = net.guest(0);
        LedgerTx selfVote =
            LedgerTx.sign(guest, 1, new TxPayload.ValidatorVote(guest.deviceId(), true));
        return BlockSealer.next(byz, head, now, List.of(selfVote));
      }
    }
  }

  private static boolean sealedByHonest(LedgerNetwork net, LedgerTx tx) {
    for (int i : HONEST) {
      if (!net.sealedAt(i, tx)) {
        return false;
      }
    }
    return true;
  }
}
