package ai.kiana.testkit.ledger;

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
import ai.kiana.core.ledger.TxPayload;
import ai.kiana.core.ledger.rules.BlockValidator;
import ai.kiana.core.ledger.rules.RuleFactory;
import ai.kiana.core.ledger.rules.Verdict;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Valid ledger blocks for tests, made through the real sealer and checked by the real rules:
 * deterministic identities by name, a genesis whose validators are the creator and {@code v1},
 * {@code v2}, …, and blocks on any known block (so forks too).
 */
public final class TestLedger {

  public static final Ed25519 ED25519 = Ed25519Engines.fastest();

  /** Genesis time: 2026-01-01T00:00:00Z, where {@link ai.kiana.testkit.FakeClock} starts. */
  public static final long T0 = 1_767_225_600_000L;

  private static final Map<String, NodeIdentity> IDENTITIES = new ConcurrentHashMap<>();

  private final LedgerParams params;
  private final BlockValidator validator = RuleFactory.blockValidator(ED25519);
  private final List<NodeIdentity> validators = new ArrayList<>();
  private final Map<String, LedgerState> states = new HashMap<>();
  private final LedgerBlock genesis;

  /** A ledger with {@code validators} initial validators: "creator", "v1", "v2", …. */
  public TestLedger(int validators) {
    this(validators, LedgerParams.DEFAULTS);
  }

  public TestLedger(int validators, LedgerParams params) {
    this.params = params;
    NodeIdentity creator = identity("creator");
    this.validators.add(creator);
    List<Genesis.Member> members = new ArrayList<>();
    for (int i = 1; i < validators; i++) {
      NodeIdentity v = identity("v" + i);
      this.validators.add(v);
      members.add(Genesis.Member.of(v, Role.ADMIN, "v" + i, true));
    }
    genesis = Genesis.create(creator, "creator", T0, members);
    states.put(genesis.hash(), accept(LedgerState.beforeGenesis(params), genesis));
  }

  /** The same deterministic identity for the same name, in every test. */
  public static NodeIdentity identity(String name) {
    return IDENTITIES.computeIfAbsent(
        name,
        n ->
            NodeIdentity.fromSeed(
                ED25519, Sha256.digest(("kiana-testkit:" + n).getBytes(StandardCharsets.UTF_8))));
  }

  public LedgerParams params() {
    return params;
  }

  public LedgerBlock genesis() {
    return genesis;
  }

  public NodeIdentity creator() {
    return validators.getFirst();
  }

  public List<NodeIdentity> validators() {
    return List.copyOf(validators);
  }

  /** The state after a block made or accepted by this ledger. */
  public LedgerState state(LedgerBlock block) {
    LedgerState state = states.get(block.hash());
    if (state == null) {
      throw new IllegalArgumentException("block " + block.shortHash() + " is not of this ledger");
    }
    return state;
  }

  /**
   * A transaction by {@code issuer} with the next seq on the chain ending at {@code parent}. For a
   * second one of the same issuer in the same block use {@link #tx(LedgerBlock, NodeIdentity,
   * TxPayload, int)}: seqs must follow each other without gaps.
   */
  public LedgerTx tx(LedgerBlock parent, NodeIdentity issuer, TxPayload payload) {
    return LedgerTx.sign(issuer, state(parent).lastSeq(issuer.deviceId()) + 1, payload);
  }

  /**
   * A transaction by {@code issuer} that is its {@code nth} (1 = the first) after the chain ending
   * at {@code parent}: seq = its last seq there + {@code nth}.
   */
  public LedgerTx tx(LedgerBlock parent, NodeIdentity issuer, TxPayload payload, int nth) {
    if (nth < 1) {
      throw new IllegalArgumentException("nth: at least 1, not " + nth);
    }
    return LedgerTx.sign(issuer, state(parent).lastSeq(issuer.deviceId()) + nth, payload);
  }

  /** A policy change by the creator: a transaction any test can put in any block. */
  public LedgerTx policy(LedgerBlock parent, String value) {
    return tx(parent, creator(), new TxPayload.PolicyChanged("test.value", value));
  }

  /**
   * The next block on {@code parent}, sealed by a validator that may seal it (the in-turn one if it
   * may), with {@code txs}.
   */
  public LedgerBlock next(LedgerBlock parent, LedgerTx... txs) {
    LedgerState state = state(parent);
    DeviceId inTurn = state.inTurn(state.height() + 1);
    NodeIdentity chosen = null;
    for (NodeIdentity v : validators) {
      if (state.isValidator(v.deviceId()) && !state.sealedRecently(v.deviceId())) {
        if (v.deviceId().equals(inTurn)) {
          chosen = v;
          break;
        }
        if (chosen == null) {
          chosen = v;
        }
      }
    }
    if (chosen == null) {
      throw new IllegalStateException("no validator may seal on " + parent.shortHash());
    }
    return next(parent, chosen, txs);
  }

  /** The next block on {@code parent} sealed by {@code proposer}; must be valid. */
  public LedgerBlock next(LedgerBlock parent, NodeIdentity proposer, LedgerTx... txs) {
    LedgerState state = state(parent);
    LedgerBlock block =
        BlockSealer.next(
            proposer, state, state.timestamp() + Math.max(1, params.periodMillis()), List.of(txs));
    states.put(block.hash(), accept(state, block));
    return block;
  }

  /** Genesis and {@code blocks} more, each with one policy change. */
  public List<LedgerBlock> chain(int blocks) {
    List<LedgerBlock> chain = new ArrayList<>(List.of(genesis));
    for (int i = 0; i < blocks; i++) {
      LedgerBlock parent = chain.getLast();
      chain.add(next(parent, policy(parent, "block " + (i + 1))));
    }
    return chain;
  }

  private LedgerState accept(LedgerState parent, LedgerBlock block) {
    Verdict verdict = validator.validate(parent, block, block.timestamp());
    if (verdict instanceof Verdict.Accepted accepted) {
      return accepted.state();
    }
    throw new IllegalStateException("test block is invalid: " + verdict);
  }
}
