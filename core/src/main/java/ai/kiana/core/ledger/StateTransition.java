package ai.kiana.core.ledger;

import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.ledger.LedgerFacts.KillSwitchState;
import ai.kiana.core.ledger.LedgerFacts.KnowledgeMark;
import ai.kiana.core.ledger.LedgerFacts.ModelVersion;
import ai.kiana.core.ledger.TxPayload.DeviceAdmitted;
import ai.kiana.core.ledger.TxPayload.DeviceRevoked;
import ai.kiana.core.ledger.TxPayload.KillSwitch;
import ai.kiana.core.ledger.TxPayload.KnowledgeCheckpoint;
import ai.kiana.core.ledger.TxPayload.ModelPublished;
import ai.kiana.core.ledger.TxPayload.PolicyChanged;
import ai.kiana.core.ledger.TxPayload.Resume;
import ai.kiana.core.ledger.TxPayload.RoleChanged;
import ai.kiana.core.ledger.TxPayload.ValidatorVote;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A copy-on-write draft of the {@link LedgerState} that follows {@code from}: a collection is
 * copied on its first change, so the next state shares the unchanged ones. It applies a block's own
 * effects ({@link #beginBlock}) or one transaction's ({@link #applyTx}), including EIP-225's vote
 * tally (see {@link LedgerState}). Used once per step, by {@link LedgerState} only.
 */
final class StateTransition {
  final LedgerState from;
  long height;
  String hash;
  long timestamp;
  long totalDifficulty;
  List<DeviceId> validators;
  List<Vote> votes;
  Map<DeviceId, DeviceRecord> devices;
  Map<DeviceId, Long> lastSealed;
  Map<DeviceId, Long> lastSeq;
  KillSwitchState killSwitch;
  ModelVersion model;
  KnowledgeMark knowledge;
  Map<String, String> policies;

  StateTransition(LedgerState from) {
    this.from = from;
    this.height = from.height();
    this.hash = from.hash();
    this.timestamp = from.timestamp();
    this.totalDifficulty = from.totalDifficulty();
    this.killSwitch = from.killSwitch();
    this.model = from.model();
    this.knowledge = from.knowledge();
  }

  /** The block's own effects, before its transactions: see {@link LedgerState#beginBlock}. */
  void beginBlock(LedgerBlock block) {
    height = block.height();
    hash = block.hash();
    timestamp = block.timestamp();
    totalDifficulty = from.totalDifficulty() + block.difficulty();
    if (block.isGenesis()) {
      validators = new ArrayList<>(block.hasCheckpoint() ? block.checkpoint() : List.of());
    } else {
      // Genesis is not a seal in turn order, so it does not count for the recent-signer window.
      lastSealed().put(block.proposer(), block.height());
      if (from.params().isEpochBlock(block.height()) && !from.votes().isEmpty()) {
        votes = new ArrayList<>();
      }
    }
  }

  /** One transaction's effects: see {@link LedgerState#applyTx}. */
  void applyTx(LedgerTx tx) {
    Map<DeviceId, DeviceRecord> known = from.devices();
    long at = from.height();
    lastSeq().put(tx.issuer(), tx.seq());
    switch (tx.payload()) {
      case DeviceAdmitted p ->
          devices()
              .put(
                  p.device(),
                  new DeviceRecord(p.device(), p.deviceKey(), p.role(), p.name(), at, -1));
      case DeviceRevoked p -> {
        DeviceRecord device = known.get(p.device());
        if (device != null) {
          devices().put(p.device(), device.revokedAt(at));
        }
        dropValidator(p.device());
        votes().removeIf(v -> v.subject().equals(p.device()));
      }
      case RoleChanged p -> {
        DeviceRecord device = known.get(p.device());
        if (device != null) {
          devices().put(p.device(), device.withRole(p.role()));
        }
      }
      case TxPayload.KeyRotated p -> {
        DeviceRecord device = known.get(tx.issuer());
        if (device != null) {
          devices().put(tx.issuer(), device.withKey(p.newKey(), at, from.timestamp()));
        }
      }
      case ValidatorVote p -> tally(tx.issuer(), p.subject(), p.add());
      case KillSwitch p -> killSwitch = new KillSwitchState(true, p.reason(), tx.issuer(), at);
      case Resume p -> killSwitch = new KillSwitchState(false, null, tx.issuer(), at);
      case ModelPublished p -> model = new ModelVersion(p.version(), p.sha256(), tx.issuer(), at);
      case KnowledgeCheckpoint p ->
          knowledge = new KnowledgeMark(p.merkleRoot(), p.blockCount(), tx.issuer(), at);
      case PolicyChanged p -> {
        if (p.value() == null) {
          policies().remove(p.policy());
        } else {
          policies().put(p.policy(), p.value());
        }
      }
    }
  }

  List<DeviceId> validators() {
    if (validators == null) {
      validators = new ArrayList<>(from.validators());
    }
    return validators;
  }

  List<Vote> votes() {
    if (votes == null) {
      votes = new ArrayList<>(from.votes());
    }
    return votes;
  }

  Map<DeviceId, DeviceRecord> devices() {
    if (devices == null) {
      devices = new HashMap<>(from.devices());
    }
    return devices;
  }

  Map<DeviceId, Long> lastSealed() {
    if (lastSealed == null) {
      lastSealed = new HashMap<>(from.lastSealedByDevice());
    }
    return lastSealed;
  }

  Map<DeviceId, Long> lastSeq() {
    if (lastSeq == null) {
      lastSeq = new HashMap<>(from.lastSeqByIssuer());
    }
    return lastSeq;
  }

  Map<String, String> policies() {
    if (policies == null) {
      policies = new TreeMap<>(from.policies());
    }
    return policies;
  }

  boolean isValidator(DeviceId device) {
    return Collections.binarySearch(validators == null ? from.validators() : validators, device)
        >= 0;
  }

  /** EIP-225's vote step: replace, cast if it would change something, then check the tally. */
  void tally(DeviceId signer, DeviceId subject, boolean add) {
    List<Vote> live = votes();
    live.removeIf(v -> v.signer().equals(signer) && v.subject().equals(subject));
    boolean member = isValidator(subject);
    if (add != member) {
      live.add(new Vote(signer, subject, add));
    }
    int count = 0;
    for (Vote vote : live) {
      if (vote.subject().equals(subject)) {
        count++;
      }
    }
    int size = validators().size();
    if (count > size / 2) {
      if (member) {
        dropValidator(subject);
      } else {
        List<DeviceId> set = validators();
        int at = Collections.binarySearch(set, subject);
        set.add(-at - 1, subject);
      }
      live.removeIf(v -> v.subject().equals(subject));
    }
  }

  /** Removes a validator and discards the votes it cast. */
  void dropValidator(DeviceId device) {
    if (isValidator(device)) {
      validators().remove(device);
      votes().removeIf(v -> v.signer().equals(device));
    }
  }
}
