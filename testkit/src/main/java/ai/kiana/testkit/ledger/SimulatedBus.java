package ai.kiana.testkit.ledger;

import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.ledger.engine.LedgerBus;
import ai.kiana.core.ledger.engine.LedgerMessage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;

/**
 * An in-process {@link LedgerBus} on simulated time: every message gets a delivery time (now plus a
 * random delay within its link's bounds) and waits in a queue until {@link LedgerNetwork} delivers
 * it. Messages may be dropped at random, and are always dropped between devices in different
 * partitions (checked when sent and again when due). All randomness comes from one seeded {@link
 * Random}, so a run repeats exactly. Not thread-safe.
 */
public final class SimulatedBus implements LedgerBus {

  /** A message in flight. */
  public record Delivery(long at, long order, DeviceId from, DeviceId to, LedgerMessage message) {}

  private record Link(DeviceId from, DeviceId to) {}

  private record Delay(long min, long max) {}

  private final Random random;
  private final Set<DeviceId> peers = new LinkedHashSet<>();
  private final PriorityQueue<Delivery> queue =
      new PriorityQueue<>(
          (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.order, b.order));
  private final Map<Link, Delay> linkDelays = new HashMap<>();
  private final Map<DeviceId, Integer> group = new HashMap<>();
  private Delay delay;
  private double dropRate;
  private long now;
  private long order;
  private long sent;
  private long dropped;

  /**
   * @param minDelay at least 1 ms, so that answers are never delivered in the step that caused them
   */
  public SimulatedBus(long seed, long minDelay, long maxDelay) {
    this.random = new Random(seed);
    delay(minDelay, maxDelay);
  }

  /** Makes {@code device} reachable (the network registers every node). */
  public void register(DeviceId device) {
    peers.add(device);
  }

  /** The simulated time at which messages sent from now on depart. */
  public void setNow(long now) {
    this.now = now;
  }

  /** The delay bounds of every link without its own. */
  public void delay(long minMillis, long maxMillis) {
    if (minMillis < 1 || maxMillis < minMillis) {
      throw new IllegalArgumentException(
          "delay: need 1 <= min <= max, not " + minMillis + ".." + maxMillis);
    }
    delay = new Delay(minMillis, maxMillis);
  }

  /** Delay bounds for messages from {@code from} to {@code to} (one direction). */
  public void linkDelay(DeviceId from, DeviceId to, long minMillis, long maxMillis) {
    linkDelays.put(
        new Link(from, to), new Delay(Math.max(1, minMillis), Math.max(minMillis, maxMillis)));
  }

  /** The probability (0 to 1) that a message is lost. */
  public void dropRate(double rate) {
    if (rate < 0 || rate > 1) {
      throw new IllegalArgumentException("drop rate must be 0 to 1, not " + rate);
    }
    dropRate = rate;
  }

  /**
   * Splits the devices into groups that cannot reach each other; devices in no group are cut off
   * from everyone.
   */
  public void partition(Collection<? extends Collection<DeviceId>> groups) {
    group.clear();
    int g = 0;
    for (Collection<DeviceId> members : groups) {
      for (DeviceId d : members) {
        group.put(d, g);
      }
      g++;
    }
    for (DeviceId d : peers) {
      group.putIfAbsent(d, g++);
    }
  }

  /** Ends every partition. */
  public void heal() {
    group.clear();
  }

  public boolean partitioned(DeviceId a, DeviceId b) {
    return !group.isEmpty() && !group.get(a).equals(group.get(b));
  }

  @Override
  public void broadcast(DeviceId from, LedgerMessage message) {
    for (DeviceId to : peers) {
      if (!to.equals(from)) {
        send(from, to, message);
      }
    }
  }

  @Override
  public void send(DeviceId from, DeviceId to, LedgerMessage message) {
    sent++;
    if (!peers.contains(to)
        || partitioned(from, to)
        || (dropRate > 0 && random.nextDouble() < dropRate)) {
      dropped++;
      return;
    }
    Delay d = linkDelays.getOrDefault(new Link(from, to), delay);
    long at = now + d.min + (d.max > d.min ? random.nextLong(d.max - d.min + 1) : 0);
    queue.add(new Delivery(at, order++, from, to, message));
  }

  /** The messages due by {@code time}, in delivery order, minus those a partition now cuts. */
  public List<Delivery> due(long time) {
    List<Delivery> due = new ArrayList<>();
    while (!queue.isEmpty() && queue.peek().at <= time) {
      Delivery d = queue.poll();
      if (partitioned(d.from, d.to)) {
        dropped++;
      } else {
        due.add(d);
      }
    }
    return due;
  }

  /** Messages in flight. */
  public int inFlight() {
    return queue.size();
  }

  public long sent() {
    return sent;
  }

  public long dropped() {
    return dropped;
  }

  /** The bus's random source, for tests that want their choices in the same seeded stream. */
  public Random random() {
    return random;
  }
}
