package ai.kiana.core.ledger.scenario;

import ai.kiana.core.crypto.Ed25519;
import ai.kiana.core.crypto.Ed25519Engines;
import ai.kiana.core.crypto.Sha256;
import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.core.ledger.BlockSealer;
import ai.kiana.core.ledger.Genesis;
import ai.kiana.core.ledger.LedgerBlock;
import ai.kiana.core.ledger.LedgerParams;
import ai.kiana.core.ledger.LedgerState;
import ai.kiana.core.ledger.LedgerTx;
import ai.kiana.core.ledger.Role;
import ai.kiana.core.ledger.TxPayload.ValidatorVote;
import ai.kiana.core.ledger.rules.BlockValidator;
import ai.kiana.core.ledger.rules.RuleFactory;
import ai.kiana.core.ledger.rules.RuleViolation;
import ai.kiana.core.ledger.rules.Verdict;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs governance what-if scenarios (the format of {@code ledger-scenarios.json}) through the real
 * ledger rules.
 *
 * <p>Each name gets an Ed25519 key derived from the name (so runs are repeatable). The first
 * genesis name is the creator; genesis admits every name in the scenario (role user for all but the
 * creator) and makes the genesis names validators. Each block is sealed by its signer at parent +
 * {@value #PERIOD_MILLIS} ms with the difficulty its turn calls for; a {@code vote} becomes a
 * validator-vote transaction issued by the signer; a {@code checkpoint} is put on the block as
 * given (sorted by device ID), and the rules decide whether it belongs there: with {@code epoch} n,
 * blocks n, 2n, … are epoch blocks and must carry the current validators; with {@code epoch} null
 * there are no epoch blocks. The first rejected block ends the run.
 */
public final class ScenarioRunner {

  /** 2025-01-01T00:00:00Z: genesis time of every scenario. */
  public static final long GENESIS_TIME = 1_735_689_600_000L;

  public static final long PERIOD_MILLIS = 1_000;

  private final Ed25519 ed25519;
  private final BlockValidator validator;
  private final Map<String, NodeIdentity> identities = new HashMap<>();

  public ScenarioRunner(Ed25519 ed25519) {
    this.ed25519 = ed25519;
    this.validator = RuleFactory.blockValidator(ed25519);
  }

  /**
   * Parses and runs every scenario in {@code json}, in file order, with the fastest Ed25519 engine.
   *
   * @throws ScenarioFormatException if the file is not in the scenario format
   */
  public static List<ScenarioResult> run(String json) {
    return new ScenarioRunner(Ed25519Engines.fastest()).runAll(json);
  }

  /** As {@link #run(String)} with this runner's engine. */
  public List<ScenarioResult> runAll(String json) {
    List<ScenarioResult> results = new ArrayList<>();
    for (Scenario scenario : ScenarioParser.parse(json)) {
      results.add(run(scenario));
    }
    return results;
  }

  /** Runs one scenario. */
  public ScenarioResult run(Scenario scenario) {
    Map<DeviceId, String> names = new HashMap<>();
    for (String name : allNames(scenario)) {
      names.put(identity(name).deviceId(), name);
    }
    long epoch = scenario.epoch() == null ? 0 : scenario.epoch();
    LedgerParams params =
        LedgerParams.DEFAULTS.withPeriodMillis(PERIOD_MILLIS).withEpochLength(epoch);
    Outcome outcome = play(scenario, params);
    String expected = scenario.expect().toString();
    boolean passed;
    String actual;
    String detail = "";
    if (outcome.violation != null) {
      RuleViolation v = outcome.violation;
      actual = "error " + v.kind().wireName();
      detail = "block " + v.height() + " rejected: " + v.message();
      passed = v.kind() == scenario.expect().error();
    } else {
      List<String> validators =
          outcome.state.validators().stream().map(names::get).sorted().toList();
      actual = "validators " + String.join(", ", validators);
      passed =
          scenario.expect().validators() != null
              && Set.copyOf(validators).equals(Set.copyOf(scenario.expect().validators()));
    }
    return new ScenarioResult(scenario.name(), passed, expected, actual, detail);
  }

  private Outcome play(Scenario scenario, LedgerParams params) {
    NodeIdentity creator = identity(scenario.genesis().get(0));
    List<Genesis.Member> members = new ArrayList<>();
    for (String name : allNames(scenario)) {
      if (!name.equals(scenario.genesis().get(0))) {
        members.add(
            Genesis.Member.of(identity(name), Role.USER, name, scenario.genesis().contains(name)));
      }
    }
    LedgerBlock genesis = Genesis.create(creator, scenario.genesis().get(0), GENESIS_TIME, members);
    Verdict verdict = validator.validate(LedgerState.beforeGenesis(params), genesis, GENESIS_TIME);
    if (verdict instanceof Verdict.Rejected rejected) {
      return new Outcome(null, rejected.violation());
    }
    LedgerState state = ((Verdict.Accepted) verdict).state();
    for (Scenario.Block spec : scenario.blocks()) {
      LedgerBlock block = block(state, spec);
      verdict = validator.validate(state, block, block.timestamp());
      if (verdict instanceof Verdict.Rejected rejected) {
        return new Outcome(state, rejected.violation());
      }
      state = ((Verdict.Accepted) verdict).state();
    }
    return new Outcome(state, null);
  }

  private LedgerBlock block(LedgerState parent, Scenario.Block spec) {
    NodeIdentity signer = identity(spec.signer());
    List<LedgerTx> txs = new ArrayList<>();
    if (spec.vote() != null) {
      DeviceId subject = identity(spec.vote().subject()).deviceId();
      txs.add(
          LedgerTx.sign(
              signer,
              parent.lastSeq(signer.deviceId()) + 1,
              new ValidatorVote(subject, spec.vote().add())));
    }
    List<DeviceId> checkpoint = null;
    if (spec.checkpoint() != null) {
      checkpoint =
          spec.checkpoint().stream().map(name -> identity(name).deviceId()).sorted().toList();
    }
    return BlockSealer.seal(
        signer,
        parent.height() + 1,
        parent.hash(),
        parent.timestamp() + PERIOD_MILLIS,
        parent.difficultyFor(signer.deviceId()),
        txs,
        checkpoint);
  }

  private static Set<String> allNames(Scenario scenario) {
    Set<String> names = new LinkedHashSet<>(scenario.genesis());
    for (Scenario.Block block : scenario.blocks()) {
      names.add(block.signer());
      if (block.vote() != null) {
        names.add(block.vote().subject());
      }
      if (block.checkpoint() != null) {
        names.addAll(block.checkpoint());
      }
    }
    if (scenario.expect().validators() != null) {
      names.addAll(scenario.expect().validators());
    }
    return names;
  }

  private NodeIdentity identity(String name) {
    return identities.computeIfAbsent(
        name,
        n ->
            NodeIdentity.fromSeed(
                ed25519,
                Sha256.digest(("kiana-ledger-scenario:" + n).getBytes(StandardCharsets.UTF_8))));
  }

  private record Outcome(LedgerState state, RuleViolation violation) {}
}
