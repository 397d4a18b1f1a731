package ai.kiana.core.ledger.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.ledger.LedgerBlock;
import ai.kiana.core.ledger.LedgerParams;
import ai.kiana.core.ledger.LedgerTx;
import ai.kiana.core.ledger.TxPayload;
import ai.kiana.core.ledger.rules.RuleFactory;
import ai.kiana.core.ledger.rules.Verdict;
import ai.kiana.testkit.ledger.LedgerNetwork;
import ai.kiana.testkit.ledger.TestLedger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property: whatever the delays (some links much slower than others), losses and partitions among 5
 * to 7 validators (with transactions and validator votes submitted all the while), once the network
 * heals every node agrees on the same head and the same validator set, with nothing left pending or
 * queued, within a bounded time; and every transaction that any node ever accepted into its pool is
 * on the agreed chain exactly once: reorgs lose none (the transactions of abandoned blocks come
 * back and, their seqs being gap-free, are sealed again) and seal none twice.
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
  void afterTheNetworkHealsAllNodesAgreeAndEveryPooledTransactionIsSealedOnce(long seed) {
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
    // Every transaction any node accepted into its pool (pending or queued), by id: each one
    // submitted, and whatever the pools held after each step.
    Map<String, LedgerTx> everPooled = new LinkedHashMap<>();
    List<LedgerTx> submitted = new ArrayList<>();

    for (int step = 0; step < CHAOS_STEPS; step++) {
      if (step % 40 == 0) {
        repartition(net, random);
      }
      if (random.nextInt(8) == 0) {
        submitted.add(net.submitPolicy(random.nextInt(validators)));
      }
      if (random.nextInt(25) == 0) {
        vote(net, random, validators).ifPresent(submitted::add);
      }
      submitted.forEach(tx -> everPooled.putIfAbsent(tx.id(), tx));
      net.step();
      collectPools(net, everPooled);
    }
    net.heal();
    net.bus().dropRate(0);
    int steps = net.runUntil(net::settled, HEAL_BOUND_STEPS);

    var head = net.engine(0).headState();
    for (int i = 1; i < validators; i++) {
      assertThat(net.engine(i).head()).isEqualTo(net.engine(0).head());
      assertThat(net.engine(i).headState().validators()).isEqualTo(head.validators());
    }
    Map<String, Integer> onChain = new HashMap<>();
    for (LedgerBlock block : net.engine(0).chain(1, Integer.MAX_VALUE)) {
      for (LedgerTx tx : block.txs()) {
        onChain.merge(tx.id(), 1, Integer::sum);
      }
    }
    assertThat(everPooled).as("pools hold only what was submitted").hasSameSizeAs(submitted);
    assertThat(everPooled.keySet())
        .as("every pooled transaction is sealed (%d on the chain)", onChain.size())
        .allSatisfy(id -> assertThat(onChain).containsKey(id));
    assertThat(onChain.values()).as("no transaction is sealed twice").allMatch(n -> n == 1);
    assertThat(onChain.keySet()).as("nothing else is sealed").isEqualTo(everPooled.keySet());
    Verdict verdict =
        RuleFactory.chainValidator(TestLedger.ED25519, net.params())
            .validate(net.engine(0).chain(0, Integer.MAX_VALUE), net.now());
    assertThat(verdict.accepted()).as("%s", verdict).isTrue();
    assertThat(steps).isLessThanOrEqualTo(HEAL_BOUND_STEPS);
  }

  private static void collectPools(LedgerNetwork net, Map<String, LedgerTx> everPooled) {
    for (int i : net.online()) {
      for (LedgerTx tx : net.engine(i).pending()) {
        everPooled.putIfAbsent(tx.id(), tx);
      }
      for (LedgerTx tx : net.engine(i).queued()) {
        everPooled.putIfAbsent(tx.id(), tx);
      }
    }
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
   * A random validator votes to remove or re-add the last node, if its head allows that, so that
   * votes pile up and the validator set changes in some runs. Returns the vote, which the voter's
   * node pooled, if there is one. The last node itself never votes: a vote by a validator that is
   * voted out becomes invalid (only validators vote) and is rightly dropped, which would muddle the
   * no-transaction-lost property.
   */
  private static Optional<LedgerTx> vote(LedgerNetwork net, Random random, int validators) {
    int voter = random.nextInt(validators - 1);
    int subject = validators - 1;
    var state = net.engine(voter).headState();
    if (!state.isValidator(net.node(voter).id())) {
      return Optional.empty();
    }
    boolean add = !state.isValidator(net.node(subject).id());
    LedgerTx tx =
        net.sign(
            net.node(voter).identity(), new TxPayload.ValidatorVote(net.node(subject).id(), add));
    TxAdmission admission = net.submit(voter, tx);
    assertThat(admission.outcome()).isEqualTo(TxAdmission.Outcome.POOLED);
    return Optional.of(tx);
  }
}
