package ai.kiana.core.ledger.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.core.ledger.LedgerBlock;
import ai.kiana.core.ledger.engine.ForkChoice.HeadChange;
import ai.kiana.testkit.ledger.TestLedger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ForkChoiceTest {

  private final TestLedger ledger = new TestLedger(3);
  private final LedgerBlock genesis = ledger.genesis();
  private final NodeIdentity creator = ledger.validators().get(0);
  private final NodeIdentity v1 = ledger.validators().get(1);
  private final NodeIdentity v2 = ledger.validators().get(2);

  private ForkChoice fresh() {
    return new ForkChoice(genesis, ledger.state(genesis));
  }

  private LedgerBlock inTurnChild(LedgerBlock parent) {
    LedgerBlock block = ledger.next(parent, ledger.policy(parent, "in turn " + parent.height()));
    assertThat(block.difficulty()).isEqualTo(LedgerBlock.DIFF_IN_TURN);
    return block;
  }

  private NodeIdentity outOfTurnFor(LedgerBlock parent, NodeIdentity... candidates) {
    for (NodeIdentity v : candidates) {
      var state = ledger.state(parent);
      if (state.difficultyFor(v.deviceId()) == LedgerBlock.DIFF_OUT_OF_TURN
          && !state.sealedRecently(v.deviceId())) {
        return v;
      }
    }
    throw new IllegalStateException("no out-of-turn sealer");
  }

  @Test
  void theHeavierChainWinsEvenIfItIsShorter() {
    ForkChoice forks = fresh();
    // Light fork: two out-of-turn blocks (td 1 + 1 + 1).
    LedgerBlock l1 =
        ledger.next(genesis, outOfTurnFor(genesis, creator, v1, v2), ledger.policy(genesis, "l1"));
    LedgerBlock l2 = ledger.next(l1, outOfTurnFor(l1, creator, v1, v2), ledger.policy(l1, "l2"));
    forks.add(l1, ledger.state(l1));
    forks.add(l2, ledger.state(l2));
    assertThat(forks.head()).isEqualTo(l2);

    // Heavy fork: one in-turn block (td 1 + 2) ties on weight at a lower height, so it wins.
    LedgerBlock h1 = inTurnChild(genesis);
    HeadChange change = forks.add(h1, ledger.state(h1));

    assertThat(forks.head()).isEqualTo(h1);
    assertThat(change.isReorg()).isTrue();
    assertThat(change.abandoned()).containsExactly(l2, l1);
    assertThat(change.adopted()).containsExactly(h1);
    assertThat(forks.chain(0, 10)).containsExactly(genesis, h1);
    assertThat(forks.isCanonical(l1.hash())).isFalse();

    // One more in-turn block makes it strictly heavier.
    LedgerBlock h2 = inTurnChild(h1);
    change = forks.add(h2, ledger.state(h2));
    assertThat(change.isReorg()).isFalse();
    assertThat(forks.head()).isEqualTo(h2);
    assertThat(forks.headState().totalDifficulty()).isEqualTo(5);
  }

  @Test
  void equalWeightAndHeightGoToTheLowerHash() {
    var state = ledger.state(genesis);
    List<NodeIdentity> outOfTurn =
        ledger.validators().stream()
            .filter(v -> state.difficultyFor(v.deviceId()) == LedgerBlock.DIFF_OUT_OF_TURN)
            .toList();
    LedgerBlock a = ledger.next(genesis, outOfTurn.get(0), ledger.policy(genesis, "a"));
    LedgerBlock b = ledger.next(genesis, outOfTurn.get(1), ledger.policy(genesis, "b"));
    assertThat(a.difficulty()).isEqualTo(b.difficulty());
    LedgerBlock lower = a.hash().compareTo(b.hash()) < 0 ? a : b;

    ForkChoice ab = fresh();
    ab.add(a, ledger.state(a));
    ab.add(b, ledger.state(b));
    ForkChoice ba = fresh();
    ba.add(b, ledger.state(b));
    ba.add(a, ledger.state(a));

    assertThat(ab.head()).isEqualTo(lower);
    assertThat(ba.head()).isEqualTo(lower);
  }

  @Test
  void theHeadDoesNotDependOnTheOrderBlocksArrive() {
    // A small tree of forks, added in 20 random (parent-first) orders.
    List<LedgerBlock> tree = new ArrayList<>();
    List<LedgerBlock> tips = new ArrayList<>(List.of(genesis));
    Random random = new Random(11);
    for (int i = 0; i < 12; i++) {
      LedgerBlock parent = tips.get(random.nextInt(tips.size()));
      LedgerBlock child = ledger.next(parent, ledger.policy(parent, "tree " + i));
      tree.add(child);
      tips.add(child);
    }
    String expected = null;
    for (int round = 0; round < 20; round++) {
      List<LedgerBlock> order = new ArrayList<>(tree);
      Collections.shuffle(order, random);
      ForkChoice forks = fresh();
      List<LedgerBlock> waiting = new ArrayList<>(order);
      while (!waiting.isEmpty()) {
        waiting.removeIf(
            b -> {
              if (!forks.contains(b.parent())) {
                return false;
              }
              forks.add(b, ledger.state(b));
              return true;
            });
      }
      if (expected == null) {
        expected = forks.head().hash();
      }
      assertThat(forks.head().hash()).isEqualTo(expected);
    }
  }

  @Test
  void ancestorsAreListedLowestFirst() {
    List<LedgerBlock> chain = ledger.chain(5);
    ForkChoice forks = fresh();
    for (LedgerBlock block : chain.subList(1, chain.size())) {
      forks.add(block, ledger.state(block));
    }

    assertThat(forks.ancestors(chain.get(4).hash(), 3))
        .containsExactly(chain.get(2), chain.get(3), chain.get(4));
    assertThat(forks.ancestors(chain.get(1).hash(), 10))
        .containsExactly(chain.get(0), chain.get(1));
    assertThat(forks.ancestors("ab".repeat(32), 10)).isEmpty();
    assertThat(forks.chain(4, 10)).containsExactly(chain.get(4), chain.get(5));
  }
}
