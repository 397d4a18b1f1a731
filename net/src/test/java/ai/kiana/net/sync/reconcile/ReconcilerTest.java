package ai.kiana.net.sync.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReconcilerTest {

  /** What one full exchange produced: what each side learnt and the bytes on the wire. */
  record Outcome(Set<ItemKey> aGets, Set<ItemKey> bGets, long bytes, int rounds) {}

  static Outcome exchange(Set<ItemKey> a, Set<ItemKey> b) {
    Reconciler ra = new Reconciler(ItemSet.of(a));
    Reconciler rb = new Reconciler(ItemSet.of(b));
    byte[] msg = RangeCodec.encode(ra.initiate());
    long bytes = msg.length;
    int rounds = 1;
    Reconciler receiver = rb;
    while (true) {
      List<Range> answer = receiver.respond(RangeCodec.decode(msg));
      if (answer.isEmpty()) {
        break;
      }
      msg = RangeCodec.encode(answer);
      bytes += msg.length;
      rounds++;
      receiver = receiver == rb ? ra : rb;
      assertThat(rounds).as("exchange terminates").isLessThan(40);
    }
    // A side pulls what it needs and is pushed what the other side found it has.
    Set<ItemKey> aGets = new HashSet<>(ra.need());
    aGets.addAll(rb.have());
    Set<ItemKey> bGets = new HashSet<>(rb.need());
    bGets.addAll(ra.have());
    return new Outcome(aGets, bGets, bytes, rounds);
  }

  static ItemKey randomItem(Random random, long timeSpan) {
    byte[] id = new byte[32];
    random.nextBytes(id);
    return new ItemKey(random.nextLong(timeSpan) + 1, id);
  }

  static Stream<Arguments> randomSetPairs() {
    Random seeds = new Random(20261125);
    List<Arguments> cases = new ArrayList<>();
    int[][] shapes = {
      {0, 0, 0},
      {0, 5, 0},
      {0, 0, 7},
      {1, 0, 0},
      {10, 1, 1},
      {100, 0, 3},
      {1000, 20, 20},
      {5000, 1, 0},
      {5000, 0, 300},
      {3000, 3000, 3000},
      {17, 17, 17},
      {20000, 10, 10}
    };
    for (int[] shape : shapes) {
      for (long span : new long[] {3, 1L << 40}) {
        cases.add(Arguments.of(seeds.nextLong(), shape[0], shape[1], shape[2], span));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "seed {0}: shared {1}, only A {2}, only B {3}, time span {4}")
  @MethodSource("randomSetPairs")
  void anyTwoSetsReconcileToTheirUnion(long seed, int shared, int onlyA, int onlyB, long span) {
    Random random = new Random(seed);
    Set<ItemKey> a = new HashSet<>();
    Set<ItemKey> b = new HashSet<>();
    for (int i = 0; i < shared; i++) {
      ItemKey k = randomItem(random, span);
      a.add(k);
      b.add(k);
    }
    Set<ItemKey> aOnly = new HashSet<>();
    Set<ItemKey> bOnly = new HashSet<>();
    for (int i = 0; i < onlyA; i++) {
      aOnly.add(randomItem(random, span));
    }
    for (int i = 0; i < onlyB; i++) {
      bOnly.add(randomItem(random, span));
    }
    a.addAll(aOnly);
    b.addAll(bOnly);

    Outcome o = exchange(a, b);

    assertThat(o.aGets()).isEqualTo(bOnly);
    assertThat(o.bGets()).isEqualTo(aOnly);
  }

  static Set<ItemKey> sharedPlus(Random random, int shared, int extra, Set<ItemKey> base) {
    Set<ItemKey> s = new HashSet<>(base);
    for (int i = 0; i < extra; i++) {
      s.add(randomItem(random, 1L << 40));
    }
    return s;
  }

  @Test
  void bytesGrowWithTheDifferenceNotWithTheSetSize() {
    Random random = new Random(7);
    Set<ItemKey> base = sharedPlus(random, 0, 100_000, Set.of());
    Set<ItemKey> smallBase = sharedPlus(random, 0, 1_000, Set.of());

    long bigSetSmallDiff = exchange(sharedPlus(random, 0, 5, base), base).bytes();
    long smallSetSmallDiff = exchange(sharedPlus(random, 0, 5, smallBase), smallBase).bytes();
    long bigSetBigDiff = exchange(sharedPlus(random, 0, 500, base), base).bytes();
    long naive = 100_000L * 32;

    assertThat(bigSetSmallDiff).isLessThan(naive / 100);
    // 100 times the items costs far less than 100 times the bytes (log n levels of ranges).
    assertThat(bigSetSmallDiff).isLessThan(smallSetSmallDiff * 5);
    assertThat(bigSetBigDiff).isGreaterThan(bigSetSmallDiff * 10);
  }

  @Test
  void identicalSetsAgreeAfterOneRoundTrip() {
    Random random = new Random(3);
    Set<ItemKey> s = sharedPlus(random, 0, 10_000, Set.of());
    Outcome o = exchange(s, new HashSet<>(s));
    assertThat(o.rounds()).isEqualTo(1);
    assertThat(o.aGets()).isEmpty();
    assertThat(o.bytes()).isLessThan(16 * 30);
  }

  @Test
  void messageThatDoesNotEndAtInfinityIsRefused() {
    Reconciler r = new Reconciler(ItemSet.of(List.of()));
    List<Range> open = List.of(new Range.Skip(new Bound(5, new byte[0])));
    assertThatThrownBy(() -> r.respond(open)).isInstanceOf(ReconcileFormatException.class);
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void malformedBytesAreRefusedWithAFormatError(byte[] bytes) {
    assertThatThrownBy(() -> RangeCodec.decode(bytes)).isInstanceOf(ReconcileFormatException.class);
  }

  static Stream<byte[]> malformed() {
    return Stream.of(
        new byte[] {},
        new byte[] {2},
        new byte[] {1, 5},
        new byte[] {1, 0, 0, 9},
        new byte[] {1, 0, 40},
        new byte[] {1, 0, 0, 1, 1, 2},
        new byte[] {1, 0, 0, 0, 0, 0, 0},
        new byte[] {
          1,
          (byte) 0xff,
          (byte) 0xff,
          (byte) 0xff,
          (byte) 0xff,
          (byte) 0xff,
          (byte) 0xff,
          (byte) 0xff,
          (byte) 0xff,
          (byte) 0xff,
          (byte) 0xff,
          1
        },
        new byte[] {1, 0, 0, 2, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f});
  }

  @Test
  void fingerprintsOfEqualRangesAreEqualAndDependOnEveryItem() {
    Random random = new Random(11);
    List<ItemKey> items = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      items.add(randomItem(random, 1000));
    }
    ItemSet all = ItemSet.of(items);
    ItemSet without = ItemSet.of(items.subList(1, 50));
    assertThat(all.fingerprint(0, all.size())).isNotEqualTo(without.fingerprint(0, 49));
    assertThat(ItemSet.of(new ArrayList<>(items).reversed()).fingerprint(0, 50))
        .isEqualTo(all.fingerprint(0, 50));
  }
}
