package ai.kiana.testkit.ledger;

import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.core.ledger.Genesis;
import ai.kiana.core.ledger.LedgerBlock;
import ai.kiana.core.ledger.LedgerParams;
import ai.kiana.core.ledger.LedgerState;
import ai.kiana.core.ledger.LedgerTx;
import ai.kiana.core.ledger.Role;
import ai.kiana.core.ledger.TxPayload;
import ai.kiana.core.ledger.engine.LedgerEngine;
import ai.kiana.core.ledger.engine.LedgerEngineConfig;
import ai.kiana.core.ledger.engine.LedgerMessage;
import ai.kiana.core.ledger.engine.TxAdmission;
import ai.kiana.core.ledger.rules.BlockValidator;
import ai.kiana.core.ledger.rules.RuleFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

/**
 * N ledger engines in one JVM on a {@link SimulatedBus}, driven by a simulated clock: each {@link
 * #step()} moves time on by {@code stepMillis}, delivers the messages that are due and ticks every
 * online engine. Node 0 is the creator; all nodes are validators in genesis (role admin, so each
 * may issue policy changes); {@code guests} are admitted devices without a node or validator seat,
 * for tests that need an outsider's key. Nodes go offline and come back online from their store, as
 * a restarted device does. Everything is seeded, so a run repeats exactly.
 */
public final class LedgerNetwork {

  /** One device of the network: its key, its store (which survives restarts) and its engine. */
  public final class Node {
    private final int index;
    private final NodeIdentity identity;
    private final InMemoryLedgerStore store = new InMemoryLedgerStore();
    private LedgerEngine engine;

    private Node(int index, NodeIdentity identity) {
      this.index = index;
      this.identity = identity;
    }

    public int index() {
      return index;
    }

    public NodeIdentity identity() {
      return identity;
    }

    public DeviceId id() {
      return identity.deviceId();
    }

    public InMemoryLedgerStore store() {
      return store;
    }

    public boolean online() {
      return engine != null;
    }

    /** The running engine; fails if the node is offline. */
    public LedgerEngine engine() {
      if (engine == null) {
        throw new IllegalStateException("node " + index + " is offline");
      }
      return engine;
    }

    private void start() {
      engine =
          new LedgerEngine(
              identity,
              genesis,
              params,
              store,
              bus,
              validator,
              config.withSeed(config.seed() * 31 + index));
    }
  }

  /** Settings of a network; every one has a default. */
  public static final class Builder {
    private int validators = 3;
    private int guests = 0;
    private long seed = 1;
    private long stepMillis = 50;
    private long minDelay = 5;
    private long maxDelay = 60;
    private double dropRate = 0;
    private LedgerParams params = LedgerParams.DEFAULTS;
    private LedgerEngineConfig config = LedgerEngineConfig.DEFAULTS.withStatusIntervalMillis(1_000);

    public Builder validators(int n) {
      if (n < 1 || n > 16) {
        throw new IllegalArgumentException("validators: 1 to 16, not " + n);
      }
      this.validators = n;
      return this;
    }

    public Builder guests(int n) {
      this.guests = n;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder stepMillis(long millis) {
      this.stepMillis = millis;
      return this;
    }

    public Builder delay(long minMillis, long maxMillis) {
      this.minDelay = minMillis;
      this.maxDelay = maxMillis;
      return this;
    }

    public Builder dropRate(double rate) {
      this.dropRate = rate;
      return this;
    }

    public Builder params(LedgerParams params) {
      this.params = params;
      return this;
    }

    public Builder config(LedgerEngineConfig config) {
      this.config = config;
      return this;
    }

    public LedgerNetwork build() {
      return new LedgerNetwork(this);
    }
  }

  private final List<Node> nodes = new ArrayList<>();
  private final Map<DeviceId, Node> byId = new HashMap<>();
  private final List<NodeIdentity> guests = new ArrayList<>();
  private final LedgerParams params;
  private final LedgerEngineConfig config;
  private final BlockValidator validator = RuleFactory.blockValidator(TestLedger.ED25519);
  private final SimulatedBus bus;
  private final LedgerBlock genesis;
  private final long stepMillis;
  private long now;
  private long rounds;
  private int policyCounter;

  private LedgerNetwork(Builder b) {
    this.params = b.params;
    this.config = b.config;
    this.stepMillis = b.stepMillis;
    this.bus = new SimulatedBus(b.seed, b.minDelay, b.maxDelay);
    bus.dropRate(b.dropRate);
    List<Genesis.Member> members = new ArrayList<>();
    for (int i = 0; i < b.validators; i++) {
      Node node = new Node(i, TestLedger.identity("node-" + i));
      nodes.add(node);
      byId.put(node.id(), node);
      bus.register(node.id());
      if (i > 0) {
        members.add(Genesis.Member.of(node.identity, Role.ADMIN, "node-" + i, true));
      }
    }
    for (int i = 0; i < b.guests; i++) {
      NodeIdentity guest = TestLedger.identity("guest-" + i);
      guests.add(guest);
      members.add(Genesis.Member.of(guest, Role.USER, "guest-" + i, false));
    }
    genesis = Genesis.create(nodes.getFirst().identity, "node-0", TestLedger.T0, members);
    now = TestLedger.T0 + 1_000;
    bus.setNow(now);
    for (Node node : nodes) {
      node.start();
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  // ---------------------------------------------------------------- structure

  public int size() {
    return nodes.size();
  }

  public Node node(int index) {
    return nodes.get(index);
  }

  public LedgerEngine engine(int index) {
    return nodes.get(index).engine();
  }

  public Node node(DeviceId id) {
    return byId.get(id);
  }

  public List<Node> nodes() {
    return List.copyOf(nodes);
  }

  public List<Integer> online() {
    return IntStream.range(0, nodes.size()).filter(i -> nodes.get(i).online()).boxed().toList();
  }

  public NodeIdentity guest(int index) {
    return guests.get(index);
  }

  public LedgerBlock genesis() {
    return genesis;
  }

  public LedgerParams params() {
    return params;
  }

  public SimulatedBus bus() {
    return bus;
  }

  public BlockValidator validator() {
    return validator;
  }

  public long now() {
    return now;
  }

  public long rounds() {
    return rounds;
  }

  // ---------------------------------------------------------------- faults

  /** Stops a node: its engine is dropped and messages to it are lost; its store stays. */
  public void offline(int... indexes) {
    for (int i : indexes) {
      nodes.get(i).engine = null;
    }
  }

  /** Starts an offline node again from its store, as a restarted device does. */
  public void online(int... indexes) {
    for (int i : indexes) {
      if (!nodes.get(i).online()) {
        nodes.get(i).start();
      }
    }
  }

  public void restart(int index) {
    offline(index);
    online(index);
  }

  /** Splits the nodes into groups (by index) that cannot reach each other. */
  public void partition(int[]... groups) {
    List<List<DeviceId>> ids = new ArrayList<>();
    for (int[] g : groups) {
      ids.add(Arrays.stream(g).mapToObj(i -> nodes.get(i).id()).toList());
    }
    bus.partition(ids);
  }

  public void heal() {
    bus.heal();
  }

  // ---------------------------------------------------------------- transactions

  /**
   * Signs {@code payload} as {@code issuer} with the seq its own node would use: {@link
   * LedgerEngine#nextSeq} of the issuer's engine, or, for a guest or an offline node, the highest
   * {@code nextSeq} among the online nodes. Submit a transaction before signing the next one of the
   * same issuer, or both get the same seq.
   */
  public LedgerTx sign(NodeIdentity issuer, TxPayload payload) {
    return LedgerTx.sign(issuer, nextSeq(issuer.deviceId()), payload);
  }

  /** The seq {@link #sign} gives {@code issuer}'s next transaction. */
  public long nextSeq(DeviceId issuer) {
    Node own = byId.get(issuer);
    if (own != null && own.online()) {
      return own.engine.nextSeq(issuer);
    }
    long next = 1;
    for (Node node : nodes) {
      if (node.online()) {
        next = Math.max(next, node.engine.nextSeq(issuer));
      }
    }
    return next;
  }

  /** Submits {@code tx} to node {@code index}'s engine at the current time. */
  public TxAdmission submit(int index, LedgerTx tx) {
    return engine(index).submit(tx, now);
  }

  /** A fresh policy change signed by node {@code index} and submitted to it; must be pooled. */
  public LedgerTx submitPolicy(int index) {
    LedgerTx tx =
        sign(
            nodes.get(index).identity,
            new TxPayload.PolicyChanged("test.node-" + index, "value " + ++policyCounter));
    TxAdmission admission = submit(index, tx);
    if (!admission.pooled()) {
      throw new IllegalStateException("node " + index + " refused its own tx: " + admission);
    }
    return tx;
  }

  /** A validator vote by node {@code voter} about node {@code subject}, submitted to the voter. */
  public LedgerTx submitVote(int voter, int subject, boolean add) {
    LedgerTx tx =
        sign(nodes.get(voter).identity, new TxPayload.ValidatorVote(nodes.get(subject).id(), add));
    TxAdmission admission = submit(voter, tx);
    if (!admission.pooled()) {
      throw new IllegalStateException("node " + voter + " refused its vote: " + admission);
    }
    return tx;
  }

  /** Sends a message as if {@code from} had sent it, to one node, with the bus's usual delay. */
  public void inject(DeviceId from, int to, LedgerMessage message) {
    bus.send(from, nodes.get(to).id(), message);
  }

  /** Sends a message as if {@code from} had broadcast it. */
  public void injectAll(DeviceId from, LedgerMessage message) {
    for (Node node : nodes) {
      if (!node.id().equals(from)) {
        bus.send(from, node.id(), message);
      }
    }
  }

  // ---------------------------------------------------------------- time

  /** One round: time moves on, due messages are delivered, every online engine ticks. */
  public void step() {
    now += stepMillis;
    bus.setNow(now);
    for (SimulatedBus.Delivery d : bus.due(now)) {
      Node to = byId.get(d.to());
      if (to != null && to.online()) {
        to.engine.onMessage(d.from(), d.message(), now);
      }
    }
    for (Node node : nodes) {
      if (node.online()) {
        node.engine.tick(now);
      }
    }
    rounds++;
  }

  public void run(int steps) {
    for (int i = 0; i < steps; i++) {
      step();
    }
  }

  /**
   * Steps until {@code condition} holds (checked before each step).
   *
   * @return the steps taken
   * @throws AssertionError with the network's state if it does not hold within {@code maxSteps}
   */
  public int runUntil(BooleanSupplier condition, int maxSteps) {
    for (int i = 0; i <= maxSteps; i++) {
      if (condition.getAsBoolean()) {
        return i;
      }
      if (i < maxSteps) {
        step();
      }
    }
    throw new AssertionError(
        "condition not met within "
            + maxSteps
            + " steps ("
            + stepMillis
            + " ms each)\n"
            + describe());
  }

  // ---------------------------------------------------------------- observations

  /** Whether every online node among {@code indexes} (all if none given) has the same head. */
  public boolean converged(int... indexes) {
    return converged(indexes.length == 0 ? online() : Arrays.stream(indexes).boxed().toList());
  }

  public boolean converged(Collection<Integer> indexes) {
    String head = null;
    for (int i : indexes) {
      if (!nodes.get(i).online()) {
        continue;
      }
      String h = nodes.get(i).engine.head().hash();
      if (head == null) {
        head = h;
      } else if (!head.equals(h)) {
        return false;
      }
    }
    return true;
  }

  /** Converged, with the same validator set and no transaction pending or queued anywhere. */
  public boolean settled() {
    if (!converged()) {
      return false;
    }
    List<DeviceId> validators = null;
    for (int i : online()) {
      LedgerEngine e = nodes.get(i).engine;
      if (!e.pending().isEmpty() || !e.queued().isEmpty()) {
        return false;
      }
      if (validators == null) {
        validators = e.headState().validators();
      } else if (!validators.equals(e.headState().validators())) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code tx} is on node {@code index}'s chosen chain. */
  public boolean sealedAt(int index, LedgerTx tx) {
    LedgerEngine e = engine(index);
    LedgerState head = e.headState();
    if (head.lastSeq(tx.issuer()) < tx.seq()) {
      return false;
    }
    for (LedgerBlock block : e.chain(1, Integer.MAX_VALUE)) {
      if (block.txs().contains(tx)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code tx} is on the chosen chain of every online node. */
  public boolean sealedEverywhere(LedgerTx tx) {
    for (int i : online()) {
      if (!sealedAt(i, tx)) {
        return false;
      }
    }
    return true;
  }

  /** One line per node: head, total difficulty, validators, pending, orphans, offences seen. */
  public String describe() {
    StringBuilder s = new StringBuilder();
    s.append("t=+").append(now - TestLedger.T0).append(" ms, round ").append(rounds);
    s.append(", in flight ").append(bus.inFlight()).append('\n');
    for (Node node : nodes) {
      s.append("  node ").append(node.index).append(' ').append(node.id().hex(), 0, 8);
      if (!node.online()) {
        s.append(" offline, stored ").append(node.store.count()).append(" blocks\n");
        continue;
      }
      LedgerEngine e = node.engine;
      LedgerState head = e.headState();
      s.append(" head ").append(e.head().shortHash()).append(" h=").append(head.height());
      s.append(" td=").append(head.totalDifficulty());
      s.append(" validators=").append(head.validators().size());
      s.append(" pending=").append(e.pending().size());
      s.append(" queued=").append(e.queued().size());
      s.append(" orphans=").append(e.orphanCount());
      s.append(" offences seen=").append(e.offenceLog().size()).append('\n');
    }
    return s.toString();
  }
}
