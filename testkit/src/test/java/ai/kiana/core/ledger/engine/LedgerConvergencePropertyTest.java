package ai.kiana.core.ledger.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.ledger.LedgerParams;
import ai.kiana.core.ledger.LedgerTx;
import ai.kiana.core.ledger.TxPayload;
import ai.kiana.core.ledger.rules.RuleFactory;
import ai.kiana.core.ledger.rules.Verdict;
import ai.kiana.testkit.ledger.LedgerNetwork;
import ai.kiana.testkit.ledger.TestLedger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property: whatever the delays (some links much slower than others), losses and partitions among 5
 * to 7 validators (with transactions and validator votes submitted all the while), once the network
 * heals every node agrees on the same head and the same validator set, with nothing left pending,
 * within a bounded time.
 *
 * <p>Seeded: each case's seed is in its display name; rerun one case by fixing {@link #cases}.
 */
class LedgerConvergencePropertyTest {

  private static final long BASE_SEED = 0x1ed9e7L;
  private static final int CASES = 30;
  private static final int CHAOS_STEPS = 400; // 20 s of simulated time
  private static final int HEAL_BOUND_STEPS = 600; // 30 s: several status rounds and re-seals

  static Stream<Long> cases() {
    return LongStream.range(0, CASES).mapToObj(i -> BASE_SEED + i);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("cases")
  void afterTheNetworkHealsAllNodesAgreeOnTheHeadAndTheValidators(long seed) {
    Random random = new Random(seed);
    int validators = 5 + random.nextInt(3);
    long minDelay = 1 + random.nextInt(30);
    LedgerNetwork net =
        LedgerNetwork.builder()
            .validators(validators)
            .seed(seed)
            .delay(minDelay, minDelay + random.nextInt(400))
            .dropRate(random.nextDouble() * 0.3)
            .params(LedgerParams.DEFAULTS.withEpochLength(6 + random.nextInt(10)))
            .build();
    for (int slow = random.nextInt(3); slow > 0; slow--) {
      int from = random.nextInt(validators);
      int to = random.nextInt(validators);
      long min = 200 + random.nextInt(400);
      net.bus().linkDelay(net.node(from).id(), net.node(to).id(), min, min + 500);
    }
    List<LedgerTx> submitted = new ArrayList<>();

    for (int step = 0; step < CHAOS_STEPS; step++) {
      if (step % 40 == 0) {
        repartition(net, random);
      }
      if (random.nextInt(8) == 0) {
        submitted.add(net.submitPolicy(random.nextInt(validators)));
      }
      if (random.nextInt(25) == 0) {
        vote(net, random, validators);
      }
      net.step();
    }
    net.heal();
    net.bus().dropRate(0);
    int steps = net.runUntil(net::settled, HEAL_BOUND_STEPS);

    var head = net.engine(0).headState();
    for (int i = 1; i < validators; i++) {
      assertThat(net.engine(i).head()).isEqualTo(net.engine(0).head());
      assertThat(net.engine(i).headState().validators()).isEqualTo(head.validators());
    }
    // Every transaction is sealed, unless a later one of its issuer was sealed first on the
    // winning fork (it was submitted on the other side of a partition): then its seq is spent and
    // the pool drops it as a replay, as the sequence rule demands.
    assertThat(submitted).allMatch(tx -> net.sealedAt(0, tx) || overtaken(net, tx));
    assertThat(submitted.stream().filter(tx -> net.sealedAt(0, tx)).count())
        .isGreaterThanOrEqualTo(submitted.size() * 3L / 4);
    Verdict verdict =
        RuleFactory.chainValidator(TestLedger.ED25519, net.params())
            .validate(net.engine(0).chain(0, Integer.MAX_VALUE), net.now());
    assertThat(verdict.accepted()).as("%s", verdict).isTrue();
    assertThat(steps).isLessThanOrEqualTo(HEAL_BOUND_STEPS);
  }

  /** Splits the nodes into 1 to 3 random groups (1 group: healed). */
  private static void repartition(LedgerNetwork net, Random random) {
    int groups = 1 + random.nextInt(3);
    if (groups == 1) {
      net.heal();
      return;
    }
    List<List<Integer>> members = new ArrayList<>();
    for (int g = 0; g < groups; g++) {
      members.add(new ArrayList<>());
    }
    for (int i = 0; i < net.size(); i++) {
      members.get(random.nextInt(groups)).add(i);
    }
    int[][] split = new int[groups][];
    for (int g = 0; g < groups; g++) {
      split[g] = members.get(g).stream().mapToInt(Integer::intValue).toArray();
    }
    net.partition(split);
  }

  /**
   * A random validator votes to remove or re-add a node, if its head allows that: mostly the last
   * node, so that votes pile up and the validator set changes in some runs.
   */
  private static void vote(LedgerNetwork net, Random random, int validators) {
    int voter = random.nextInt(validators);
    int subject = random.nextInt(4) == 0 ? random.nextInt(validators) : validators - 1;
    var state = net.engine(voter).headState();
    if (!state.isValidator(net.node(voter).id()) || voter == subject) {
      return;
    }
    boolean add = !state.isValidator(net.node(subject).id());
    if (!add && state.validators().size() <= 3) {
      return;
    }
    LedgerTx tx =
        net.sign(
            net.node(voter).identity(), new TxPayload.ValidatorVote(net.node(subject).id(), add));
    TxAdmission admission = net.submit(voter, tx);
    assertThat(admission.outcome()).isNotEqualTo(TxAdmission.Outcome.POOL_FULL);
  }

  /** Whether a later transaction of {@code tx}'s issuer is on the chain, spending its seq. */
  private static boolean overtaken(LedgerNetwork net, LedgerTx tx) {
    return net.engine(0).headState().lastSeq(tx.issuer()) > tx.seq()
        && net.engine(0).pending().stream().noneMatch(tx::equals);
  }
}
