package ai.kiana.core.ledger;

import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.ledger.LedgerFacts.KillSwitchState;
import ai.kiana.core.ledger.LedgerFacts.KnowledgeMark;
import ai.kiana.core.ledger.LedgerFacts.ModelVersion;
import java.util.Collections;
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

  private LedgerState(StateTransition d) {
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
    StateTransition d = new StateTransition(this);
    d.beginBlock(block);
    return new LedgerState(d);
  }

  /** The second step of {@link #apply}, once per transaction in block order. */
  public LedgerState applyTx(LedgerTx tx) {
    StateTransition d = new StateTransition(this);
    d.applyTx(tx);
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

  /** Admitted and not revoked. */
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

  /** Every sealer's last sealed height, for {@link StateTransition}. */
  Map<DeviceId, Long> lastSealedByDevice() {
    return lastSealed;
  }

  /** Every issuer's last sequence number, for {@link StateTransition}. */
  Map<DeviceId, Long> lastSeqByIssuer() {
    return lastSeq;
  }

  @Override
  public String toString() {
    return "LedgerState[height=" + height + ", hash=" + hash.substring(0, 12) + "…]";
  }

  private static <T> List<T> frozen(List<T> list) {
    return Collections.unmodifiableList(list);
  }
}
