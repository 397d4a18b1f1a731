package ai.kiana.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.crypto.Ed25519;
import ai.kiana.core.crypto.Ed25519Engines;
import ai.kiana.core.crypto.Sha256;
import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.core.ledger.rules.BlockValidator;
import ai.kiana.core.ledger.rules.RuleFactory;
import ai.kiana.core.ledger.rules.RuleViolation;
import ai.kiana.core.ledger.rules.Verdict;
import ai.kiana.core.ledger.rules.ViolationKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A ledger under test: named devices with deterministic keys, a genesis with N validators (the
 * creator first), and helpers that seal valid blocks through the real rules.
 */
public final class LedgerHarness {

  public static final Ed25519 ED = Ed25519Engines.fastest();
  public static final long T0 = 1_700_000_000_000L;

  private static final Map<String, NodeIdentity> IDENTITIES = new HashMap<>();

  public final LedgerParams params;
  public final BlockValidator validator = RuleFactory.blockValidator(ED);
  public final NodeIdentity creator = identity("creator");
  public final List<NodeIdentity> initialValidators = new ArrayList<>();
  public final List<LedgerBlock> chain = new ArrayList<>();
  private final Map<DeviceId, Long> issued = new HashMap<>();
  private LedgerState issuedOn;
  public LedgerState state;

  /** A ledger whose genesis has {@code validators} validators: the creator and v1, v2, …. */
  public LedgerHarness(int validators) {
    this(validators, LedgerParams.DEFAULTS);
  }

  public LedgerHarness(int validators, LedgerParams params) {
    this.params = params;
    initialValidators.add(creator);
    List<Genesis.Member> members = new ArrayList<>();
    for (int i = 1; i < validators; i++) {
      NodeIdentity v = identity("v" + i);
      initialValidators.add(v);
      members.add(Genesis.Member.of(v, Role.USER, "v" + i, true));
    }
    LedgerBlock genesis = Genesis.create(creator, "creator", T0, members);
    Verdict verdict = validator.validate(LedgerState.beforeGenesis(params), genesis, T0);
    assertThat(verdict.accepted()).as("genesis: %s", verdict).isTrue();
    chain.add(genesis);
    state = ((Verdict.Accepted) verdict).state();
  }

  /**
   * A 3-validator ledger whose chain holds every transaction type, several per block in places, and
   * an epoch block (epoch length 8).
   */
  public static LedgerHarness withEveryTxType() {
    LedgerHarness h = new LedgerHarness(3, LedgerParams.DEFAULTS.withEpochLength(8));
    NodeIdentity admin = identity("admin");
    NodeIdentity submind = identity("submind");
    NodeIdentity phone = identity("phone");
    h.admit(admin, Role.ADMIN);
    h.sealByAnyone(
        h.tx(
            admin,
            new TxPayload.DeviceAdmitted(submind.deviceId(), keyHex(submind), Role.SUBMIND, "sub")),
        h.tx(
            admin,
            new TxPayload.DeviceAdmitted(phone.deviceId(), keyHex(phone), Role.USER, "phone")));
    h.sealByAnyone(h.tx(admin, new TxPayload.PolicyChanged("sync.max-peers", "8")));
    h.sealByAnyone(
        h.tx(submind, new TxPayload.ModelPublished(1, "ab".repeat(32))),
        h.tx(h.creator, new TxPayload.KillSwitch("lost phone")));
    h.sealByAnyone(h.tx(h.creator, new TxPayload.Resume()));
    NodeIdentity v1 = h.initialValidators.get(1);
    h.sealByAnyone(
        h.tx(v1, new TxPayload.KnowledgeCheckpoint("cd".repeat(32), 1234)),
        h.tx(v1, new TxPayload.ValidatorVote(phone.deviceId(), true)));
    h.sealByAnyone(h.tx(admin, new TxPayload.RoleChanged(phone.deviceId(), Role.SENSOR)));
    h.sealByAnyone(); // height 8: epoch block
    h.sealByAnyone(
        h.tx(admin, new TxPayload.DeviceRevoked(phone.deviceId(), "lost")),
        h.tx(admin, new TxPayload.PolicyChanged("sync.max-peers", null)));
    h.sealByAnyone(
        h.tx(h.initialValidators.get(2), new TxPayload.ValidatorVote(v1.deviceId(), false)),
        h.tx(submind, TxPayload.KeyRotated.of(submind, identity("submind-key-2"))));
    return h;
  }

  /**
   * {@code b} with its hash recomputed and sealed by {@code signer}, every other member kept as is
   * (even a key that is not the signer's): for forging blocks that are consistent but wrong.
   */
  public static LedgerBlock reseal(LedgerBlock b, NodeIdentity signer) {
    byte[] bytes = LedgerBlockCodec.signingBytes(b);
    return new LedgerBlock(
        b.height(),
        b.parent(),
        b.timestamp(),
        b.proposer(),
        b.key(),
        b.difficulty(),
        b.txs(),
        b.txRoot(),
        b.checkpoint(),
        Sha256.hex(bytes),
        LedgerHex.HEX.formatHex(signer.sign(bytes)));
  }

  /** A deterministic identity per name, shared by all tests. */
  public static synchronized NodeIdentity identity(String name) {
    return IDENTITIES.computeIfAbsent(
        name,
        n ->
            NodeIdentity.fromSeed(
                ED, Sha256.digest(("ledger-test:" + n).getBytes(StandardCharsets.UTF_8))));
  }

  public static String keyHex(NodeIdentity identity) {
    return LedgerHex.HEX.formatHex(identity.publicKey());
  }

  /**
   * A transaction by {@code issuer} with the next sequence number on the head: one above its last
   * there and above those this method gave it since the head last changed or a block was found
   * invalid (so several of one issuer fit in one block, and transactions of a rejected block leave
   * no gap).
   */
  public LedgerTx tx(NodeIdentity issuer, TxPayload payload) {
    if (issuedOn != state) {
      issued.clear();
      issuedOn = state;
    }
    long seq =
        Math.max(issued.getOrDefault(issuer.deviceId(), 0L), state.lastSeq(issuer.deviceId()));
    issued.put(issuer.deviceId(), seq + 1);
    return LedgerTx.sign(issuer, seq + 1, payload);
  }

  /** The next block by {@code proposer}, as an honest proposer would make it, not yet offered. */
  public LedgerBlock next(NodeIdentity proposer, LedgerTx... txs) {
    return BlockSealer.next(
        proposer, state, state.timestamp() + params.periodMillis(), List.of(txs));
  }

  /** Validates {@code block} on the current head at its own timestamp; appends it if valid. */
  public Verdict offer(LedgerBlock block) {
    Verdict verdict = validator.validate(state, block, block.timestamp());
    if (verdict instanceof Verdict.Accepted accepted) {
      chain.add(block);
      state = accepted.state();
    } else {
      issued.clear();
    }
    return verdict;
  }

  /** Seals and appends a block by {@code proposer}; fails the test if the rules reject it. */
  public LedgerBlock seal(NodeIdentity proposer, LedgerTx... txs) {
    LedgerBlock block = next(proposer, txs);
    Verdict verdict = offer(block);
    assertThat(verdict.accepted()).as("block %d: %s", block.height(), verdict).isTrue();
    return block;
  }

  /** Seals a block by some validator that may seal now, preferring the one in turn. */
  public LedgerBlock sealByAnyone(LedgerTx... txs) {
    return seal(allowedProposer(), txs);
  }

  /** A validator that may seal the next block (the in-turn one if it may). */
  public NodeIdentity allowedProposer() {
    DeviceId inTurn = state.inTurn(state.height() + 1);
    NodeIdentity fallback = null;
    for (DeviceId id : state.validators()) {
      if (!state.sealedRecently(id)) {
        if (id.equals(inTurn)) {
          return byId(id);
        }
        if (fallback == null) {
          fallback = byId(id);
        }
      }
    }
    assertThat(fallback).as("some validator may seal").isNotNull();
    return fallback;
  }

  /** Admits {@code device} with {@code role}, issued by the creator. */
  public void admit(NodeIdentity device, Role role) {
    sealByAnyone(
        tx(creator, new TxPayload.DeviceAdmitted(device.deviceId(), keyHex(device), role, "dev")));
  }

  /** The violation kind of {@code block} on the current head, or null if valid (not appended). */
  public RuleViolation violation(LedgerBlock block) {
    Verdict verdict = validator.validate(state, block, block.timestamp());
    if (verdict instanceof Verdict.Rejected r) {
      issued.clear();
      return r.violation();
    }
    return null;
  }

  public ViolationKind kind(LedgerBlock block) {
    RuleViolation violation = violation(block);
    return violation == null ? null : violation.kind();
  }

  public NodeIdentity byId(DeviceId id) {
    synchronized (LedgerHarness.class) {
      for (NodeIdentity identity : IDENTITIES.values()) {
        if (identity.deviceId().equals(id)) {
          return identity;
        }
      }
    }
    throw new IllegalArgumentException("no test identity for " + id);
  }
}
