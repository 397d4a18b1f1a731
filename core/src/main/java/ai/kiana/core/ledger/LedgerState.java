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
 * The ledger's state after some block: validators and pending votes (EIP-225's snapshot), devices
 * and roles, who sealed when, each issuer's last sequence number, the kill switch, the latest model
 * version and knowledge checkpoint, and the policies.
 *
 * <p>Immutable: {@link #apply(LedgerBlock)} returns a new state and shares unchanged parts with
 * this one, so keeping a state per block (to follow forks) is cheap. {@code apply} assumes the
 * block is valid against this state; use {@link ai.kiana.core.ledger.rules.BlockValidator} to check
 * it first (it returns the next state as well). Thread-safe.
 *
 * <p><b>Vote tally</b> (EIP-225, with votes as transactions): a validator's vote on a subject
 * replaces its earlier vote on that subject; a vote counts only if it would change the subject's
 * status (add a non-validator, remove a validator), but even a vote that does not count "touches"
 * the subject; whenever a subject is touched and its counted votes exceed half the validators, the
 * change happens, all votes on that subject are discarded, and a removed validator's own votes are
 * discarded. Epoch blocks discard all votes before their transactions. Revoking a device is a
 * status change too: a revoked validator leaves the set at once, and votes by or about it go.
 */
public final class LedgerState {

  private final LedgerParams params;
  private final long height;
  private final String hash;
  private final long timestamp;
  private final long totalDifficulty;
  private final List<DeviceId> validators;
  private final List<Vote> votes;
  private final Map<DeviceId, DeviceRecord> devices;
  private final Map<DeviceId, Long> lastSealed;
  private final Map<DeviceId, Long> lastSeq;
  private final KillSwitchState killSwitch;
  private final ModelVersion model;
  private final KnowledgeMark knowledge;
  private final Map<String, String> policies;

  private LedgerState(Draft d) {
    this.params = d.from.params;
    this.height = d.height;
    this.hash = d.hash;
    this.timestamp = d.timestamp;
    this.totalDifficulty = d.totalDifficulty;
    this.validators = d.validators == null ? d.from.validators : frozen(d.validators);
    this.votes = d.votes == null ? d.from.votes : frozen(d.votes);
    this.devices = d.devices == null ? d.from.devices : Collections.unmodifiableMap(d.devices);
    this.lastSealed =
        d.lastSealed == null ? d.from.lastSealed : Collections.unmodifiableMap(d.lastSealed);
    this.lastSeq = d.lastSeq == null ? d.from.lastSeq : Collections.unmodifiableMap(d.lastSeq);
    this.killSwitch = d.killSwitch;
    this.model = d.model;
    this.knowledge = d.knowledge;
    this.policies = d.policies == null ? d.from.policies : Collections.unmodifiableMap(d.policies);
  }

  private LedgerState(LedgerParams params) {
    this.params = params;
    this.height = -1;
    this.hash = LedgerBlock.NO_PARENT;
    this.timestamp = 0;
    this.totalDifficulty = 0;
    this.validators = List.of();
    this.votes = List.of();
    this.devices = Map.of();
    this.lastSealed = Map.of();
    this.lastSeq = Map.of();
    this.killSwitch = KillSwitchState.RELEASED;
    this.model = null;
    this.knowledge = null;
    this.policies = Collections.unmodifiableMap(new TreeMap<>());
  }

  /** The state a genesis block is validated against: height -1, hash 64 zeros, nothing known. */
  public static LedgerState beforeGenesis(LedgerParams params) {
    return new LedgerState(params);
  }

  /** The state after {@code block}, which must be a valid child of this state. */
  public LedgerState apply(LedgerBlock block) {
    LedgerState state = beginBlock(block);
    for (LedgerTx tx : block.txs()) {
      state = state.applyTx(tx);
    }
    return state;
  }

  /**
   * The first step of {@link #apply}: the block's own effects before its transactions (new head,
   * the proposer's seal recorded, votes cleared on epoch blocks, genesis validators installed).
   * Public so that validators can check each transaction against the state it meets.
   */
  public LedgerState beginBlock(LedgerBlock block) {
    Draft d = new Draft(this);
    d.height = block.height();
    d.hash = block.hash();
    d.timestamp = block.timestamp();
    d.totalDifficulty = totalDifficulty + block.difficulty();
    if (block.isGenesis()) {
      d.validators = new ArrayList<>(block.hasCheckpoint() ? block.checkpoint() : List.of());
    } else {
      // Genesis is not a seal in turn order, so it does not count for the recent-signer window.
      d.lastSealed().put(block.proposer(), block.height());
      if (params.isEpochBlock(block.height()) && !votes.isEmpty()) {
        d.votes = new ArrayList<>();
      }
    }
    return new LedgerState(d);
  }

  /** The second step of {@link #apply}, once per transaction in block order. */
  public LedgerState applyTx(LedgerTx tx) {
    Draft d = new Draft(this);
    d.lastSeq().put(tx.issuer(), tx.seq());
    switch (tx.payload()) {
      case DeviceAdmitted p ->
          d.devices()
              .put(
                  p.device(),
                  new DeviceRecord(p.device(), p.deviceKey(), p.role(), p.name(), height, -1));
      case DeviceRevoked p -> {
        DeviceRecord device = devices.get(p.device());
        if (device != null) {
          d.devices().put(p.device(), device.revokedAt(height));
        }
        d.dropValidator(p.device());
        d.votes().removeIf(v -> v.subject().equals(p.device()));
      }
      case RoleChanged p -> {
        DeviceRecord device = devices.get(p.device());
        if (device != null) {
          d.devices().put(p.device(), device.withRole(p.role()));
        }
      }
      case TxPayload.KeyRotated p -> {
        DeviceRecord device = devices.get(tx.issuer());
        if (device != null) {
          d.devices().put(tx.issuer(), device.withKey(p.newKey(), height, timestamp));
        }
      }
      case ValidatorVote p -> d.tally(tx.issuer(), p.subject(), p.add());
      case KillSwitch p ->
          d.killSwitch = new KillSwitchState(true, p.reason(), tx.issuer(), height);
      case Resume p -> d.killSwitch = new KillSwitchState(false, null, tx.issuer(), height);
      case ModelPublished p ->
          d.model = new ModelVersion(p.version(), p.sha256(), tx.issuer(), height);
      case KnowledgeCheckpoint p ->
          d.knowledge = new KnowledgeMark(p.merkleRoot(), p.blockCount(), tx.issuer(), height);
      case PolicyChanged p -> {
        if (p.value() == null) {
          d.policies().remove(p.policy());
        } else {
          d.policies().put(p.policy(), p.value());
        }
      }
    }
    return new LedgerState(d);
  }

  public LedgerParams params() {
    return params;
  }

  /** Height of the last applied block; -1 before genesis. */
  public long height() {
    return height;
  }

  /** Hash of the last applied block; 64 zeros before genesis. */
  public String hash() {
    return hash;
  }

  public long timestamp() {
    return timestamp;
  }

  /** Sum of the difficulties from genesis to this block: what fork choice compares. */
  public long totalDifficulty() {
    return totalDifficulty;
  }

  /** The validators sorted by device ID (the in-turn order). */
  public List<DeviceId> validators() {
    return validators;
  }

  public boolean isValidator(DeviceId device) {
    return Collections.binarySearch(validators, device) >= 0;
  }

  /**
   * floor(N/2)+1 for N validators: the votes a proposal needs, and the length of the run of
   * consecutive blocks in which a validator may seal only one (EIP-225's SIGNER_LIMIT).
   */
  public int signerLimit() {
    return validators.size() / 2 + 1;
  }

  /** The validator whose turn it is to seal the block at {@code blockHeight}, or null if none. */
  public DeviceId inTurn(long blockHeight) {
    return validators.isEmpty() ? null : validators.get((int) (blockHeight % validators.size()));
  }

  /** The difficulty {@code proposer} must give the next block (height + 1). */
  public int difficultyFor(DeviceId proposer) {
    return proposer.equals(inTurn(height + 1))
        ? LedgerBlock.DIFF_IN_TURN
        : LedgerBlock.DIFF_OUT_OF_TURN;
  }

  /** Height of the last block {@code device} sealed after genesis, or -1. */
  public long lastSealed(DeviceId device) {
    return lastSealed.getOrDefault(device, -1L);
  }

  /**
   * Whether {@code device} sealed one of the last signerLimit()-1 blocks, so it may not seal the
   * next one.
   */
  public boolean sealedRecently(DeviceId device) {
    long last = lastSealed(device);
    return last >= 0 && height + 1 - last < signerLimit();
  }

  /** Live votes in the order they were cast. */
  public List<Vote> votes() {
    return votes;
  }

  /** The number of counted votes on {@code subject}. */
  public int tally(DeviceId subject) {
    int count = 0;
    for (Vote vote : votes) {
      if (vote.subject().equals(subject)) {
        count++;
      }
    }
    return count;
  }

  /** Every device ever admitted, revoked ones included. */
  public Map<DeviceId, DeviceRecord> devices() {
    return devices;
  }

  public DeviceRecord device(DeviceId device) {
    return devices.get(device);
  }

  /** Admitted and not revoked. */
  /**
   * The device whose current key is {@code hexKey}: the device with that ID (the hash of its first
   * key) unless it has rotated it away, or a device that rotated to it. Null if none.
   */
  public DeviceId deviceWithKey(String hexKey, DeviceId hashOfKey) {
    DeviceRecord own = devices.get(hashOfKey);
    if (own != null && own.key().equals(hexKey)) {
      return hashOfKey;
    }
    for (DeviceRecord r : devices.values()) {
      if (r.key().equals(hexKey)) {
        return r.id();
      }
    }
    return own == null ? hashOfKey : null;
  }

  public boolean isActive(DeviceId device) {
    DeviceRecord record = devices.get(device);
    return record != null && !record.revoked();
  }

  /** The role of an active device, or null for unknown and revoked devices. */
  public Role activeRole(DeviceId device) {
    DeviceRecord record = devices.get(device);
    return record == null || record.revoked() ? null : record.role();
  }

  /** The number of active devices with {@code role}. */
  public int activeCount(Role role) {
    int count = 0;
    for (DeviceRecord record : devices.values()) {
      if (!record.revoked() && record.role() == role) {
        count++;
      }
    }
    return count;
  }

  /** The last sequence number of {@code issuer} on this chain; 0 if it issued nothing yet. */
  public long lastSeq(DeviceId issuer) {
    return lastSeq.getOrDefault(issuer, 0L);
  }

  public KillSwitchState killSwitch() {
    return killSwitch;
  }

  /** The latest published model version, or null. */
  public ModelVersion model() {
    return model;
  }

  /** The latest knowledge checkpoint, or null. */
  public KnowledgeMark knowledge() {
    return knowledge;
  }

  /** Policies by name, sorted. */
  public Map<String, String> policies() {
    return policies;
  }

  @Override
  public String toString() {
    return "LedgerState[height=" + height + ", hash=" + hash.substring(0, 12) + "…]";
  }

  private static <T> List<T> frozen(List<T> list) {
    return Collections.unmodifiableList(list);
  }

  /** A copy-on-write draft of the next state: a collection is copied on its first change. */
  private static final class Draft {
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

    Draft(LedgerState from) {
      this.from = from;
      this.height = from.height;
      this.hash = from.hash;
      this.timestamp = from.timestamp;
      this.totalDifficulty = from.totalDifficulty;
      this.killSwitch = from.killSwitch;
      this.model = from.model;
      this.knowledge = from.knowledge;
    }

    List<DeviceId> validators() {
      if (validators == null) {
        validators = new ArrayList<>(from.validators);
      }
      return validators;
    }

    List<Vote> votes() {
      if (votes == null) {
        votes = new ArrayList<>(from.votes);
      }
      return votes;
    }

    Map<DeviceId, DeviceRecord> devices() {
      if (devices == null) {
        devices = new HashMap<>(from.devices);
      }
      return devices;
    }

    Map<DeviceId, Long> lastSealed() {
      if (lastSealed == null) {
        lastSealed = new HashMap<>(from.lastSealed);
      }
      return lastSealed;
    }

    Map<DeviceId, Long> lastSeq() {
      if (lastSeq == null) {
        lastSeq = new HashMap<>(from.lastSeq);
      }
      return lastSeq;
    }

    Map<String, String> policies() {
      if (policies == null) {
        policies = new TreeMap<>(from.policies);
      }
      return policies;
    }

    boolean isValidator(DeviceId device) {
      return Collections.binarySearch(validators == null ? from.validators : validators, device)
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
}
