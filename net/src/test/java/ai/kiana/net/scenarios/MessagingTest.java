package ai.kiana.net.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.net.harness.HarnessNode;
import ai.kiana.net.harness.SyncCluster;
import ai.kiana.net.messages.MessageLimits;
import ai.kiana.net.messages.MessageView;
import ai.kiana.store.messages.MessageRow;
import ai.kiana.store.messages.SqlMessageStore;
import ai.kiana.store.sql.SqlBlockStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end messages between real nodes on loopback: direct, relayed, deduplicated, refused. */
@Tag("slow")
class MessagingTest {

  static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;

  static void awaitKey(HarnessNode from, HarnessNode of) {
    SyncCluster.await(
        () -> from.messenger().knowsKey(of.deviceId()),
        WAIT,
        () -> "node-" + from.number() + " learns the key of node-" + of.number());
  }

  static List<MessageView> inbox(HarnessNode n) {
    return n.messenger().list("in", 100);
  }

  static String state(HarnessNode n, String id) {
    return n.messenger().get(id).orElseThrow().state();
  }

  static SqlMessageStore storeOf(HarnessNode n) {
    return new SqlMessageStore(((SqlBlockStore) n.store()).database());
  }

  @Test
  void aMessageToAConnectedDeviceArrivesDecryptedAndTheSenderSeesItDelivered() {
    try (SyncCluster c = new SyncCluster(dir, 2)) {
      HarnessNode a = c.node(0);
      HarnessNode b = c.node(1);
      c.link(0, 1);
      awaitKey(a, b);
      MessageView sent = a.messenger().send(b.deviceId(), "hallo B", MessageLimits.DEFAULT_TTL);

      SyncCluster.await(() -> inbox(b).size() == 1, WAIT, () -> "B receives it");
      MessageView got = inbox(b).getFirst();
      assertThat(got.id()).isEqualTo(sent.id());
      assertThat(got.text()).isEqualTo("hallo B");
      assertThat(got.peer()).isEqualTo(a.deviceId());
      assertThat(got.direction()).isEqualTo("in");
      SyncCluster.await(
          () -> state(a, sent.id()).equals("delivered"), WAIT, () -> "A sees it delivered");
      assertThat(a.messenger().get(sent.id()).orElseThrow().delivered()).isNotNull();
      // The relay table stays empty on a direct path: nobody else kept a copy.
      assertThat(storeOf(b).inState(MessageRow.Role.RELAY, "held")).isEmpty();
    }
  }

  @Test
  void aMessageToAnOfflineDeviceIsKeptByARelayAndDeliveredExactlyOnceWhenItComesBack() {
    try (SyncCluster c = new SyncCluster(dir, 3)) {
      HarnessNode a = c.node(0);
      HarnessNode b = c.node(1);
      HarnessNode cc = c.node(2);
      c.link(0, 1);
      c.link(2, 1);
      awaitKey(a, cc); // C's key reaches A through B
      cc.stop(false);
      SyncCluster.await(() -> !b.network().connected(cc.deviceId()), WAIT, () -> "C is gone");

      MessageView sent = a.messenger().send(cc.deviceId(), "für C", MessageLimits.DEFAULT_TTL);
      SyncCluster.await(
          () -> b.messenger().counters().relayed.get() == 1, WAIT, () -> "B keeps a copy");
      assertThat(state(a, sent.id())).isEqualTo("sent");
      MessageRow held = storeOf(b).get(sent.id(), MessageRow.Role.RELAY).orElseThrow();
      assertThat(held.envelope()).doesNotContain("für C");

      cc.start();
      SyncCluster.await(() -> inbox(cc).size() == 1, WAIT, () -> "C receives it");
      assertThat(inbox(cc).getFirst().text()).isEqualTo("für C");
      assertThat(inbox(cc).getFirst().peer()).isEqualTo(a.deviceId());
      SyncCluster.await(
          () -> state(a, sent.id()).equals("delivered"), WAIT, () -> "A sees it delivered");
      // B dropped its copy on the receipt, keeping only the ID (duplicate suppression) and receipt.
      SyncCluster.await(
          () -> storeOf(b).get(sent.id(), MessageRow.Role.RELAY).orElseThrow().envelope() == null,
          WAIT,
          () -> "B drops its copy");

      // A and C meet directly later: nothing is sent again.
      c.link(0, 2);
      SyncCluster.await(() -> a.network().connected(cc.deviceId()), WAIT, () -> "A meets C");
      sleep(3 * HarnessNode.FAST_PING.toMillis());
      assertThat(inbox(cc)).hasSize(1);
      assertThat(cc.messenger().counters().received.get()).isEqualTo(1);
      assertThat(a.messenger().counters().offences.get()).isZero();
      assertThat(cc.messenger().counters().offences.get()).isZero();
    }
  }

  @Test
  void aMessageReachingTheRecipientThroughTwoRelaysIsTakenOnlyOnce() {
    try (SyncCluster c = new SyncCluster(dir, 4)) {
      HarnessNode a = c.node(0);
      HarnessNode cc = c.node(2);
      c.link(0, 1);
      c.link(0, 3);
      c.link(2, 1);
      c.link(2, 3);
      awaitKey(a, cc);
      cc.stop(false);
      SyncCluster.await(
          () ->
              !c.node(1).network().connected(cc.deviceId())
                  && !c.node(3).network().connected(cc.deviceId()),
          WAIT,
          () -> "C is gone");

      List<String> ids =
          List.of(
              a.messenger().send(cc.deviceId(), "one", MessageLimits.DEFAULT_TTL).id(),
              a.messenger().send(cc.deviceId(), "two", MessageLimits.DEFAULT_TTL).id());
      SyncCluster.await(
          () ->
              c.node(1).messenger().counters().relayed.get() == 2
                  && c.node(3).messenger().counters().relayed.get() == 2,
          WAIT,
          () -> "both relays keep both");

      cc.start();
      SyncCluster.await(
          () -> ids.stream().allMatch(id -> state(a, id).equals("delivered")),
          WAIT,
          () -> "A sees both delivered: " + describe(c.nodes()));
      sleep(3 * HarnessNode.FAST_PING.toMillis());
      assertThat(inbox(cc)).extracting(MessageView::text).containsExactlyInAnyOrder("one", "two");
      assertThat(cc.messenger().counters().received.get()).isEqualTo(2);
      // Whichever relay C met second either saw the receipts first or had its offers answered
      // with them: both dropped their copies, and nothing arrived twice.
      SyncCluster.await(
          () ->
              storeOf(c.node(1)).inState(MessageRow.Role.RELAY, "held").isEmpty()
                  && storeOf(c.node(3)).inState(MessageRow.Role.RELAY, "held").isEmpty(),
          WAIT,
          () -> "relays drop their copies");
    }
  }

  @Test
  void aMessageFromARevokedDeviceIsRejectedByTheRecipient() {
    try (SyncCluster c = new SyncCluster(dir, 3)) {
      HarnessNode a = c.node(0);
      HarnessNode b = c.node(1);
      HarnessNode cc = c.node(2);
      c.link(0, 1);
      c.link(2, 1);
      awaitKey(a, cc);
      cc.revoke(a.deviceId());

      a.messenger().send(cc.deviceId(), "from a revoked device", MessageLimits.DEFAULT_TTL);
      SyncCluster.await(
          () -> cc.messenger().counters().declined.get() >= 1, WAIT, () -> "C declines it");
      assertThat(cc.messenger().counters().lastRejection()).contains("revoked");
      assertThat(inbox(cc)).isEmpty();
      assertThat(cc.messenger().counters().offences.get()).isZero();
      assertThat(b.messenger().counters().relayed.get()).isEqualTo(1);
    }
  }

  /** A, B and C in a line; C's key reaches A, then C goes offline. */
  static void lineWithCOffline(SyncCluster c) {
    c.link(0, 1);
    c.link(2, 1);
    awaitKey(c.node(0), c.node(2));
    c.node(2).stop(false);
    SyncCluster.await(
        () -> !c.node(1).network().connected(c.node(2).deviceId()), WAIT, () -> "C is gone");
  }

  @Test
  void aRelayKeepsNoMoreThanItsQuotaForOneRecipientAndHandsThatOverLater() {
    try (SyncCluster c = new SyncCluster(dir, 3)) {
      HarnessNode a = c.node(0);
      HarnessNode b = c.node(1);
      HarnessNode cc = c.node(2);
      lineWithCOffline(c);
      int n = MessageLimits.RELAY_MAX_ENVELOPES + 3;
      for (int i = 0; i < n; i++) {
        a.messenger().send(cc.deviceId(), "m" + i, MessageLimits.DEFAULT_TTL);
      }
      SyncCluster.await(
          () -> b.messenger().counters().declined.get() == 3, WAIT, () -> describe(c.nodes()));
      assertThat(b.messenger().counters().relayed.get())
          .isEqualTo(MessageLimits.RELAY_MAX_ENVELOPES);
      assertThat(b.messenger().counters().lastRejection()).contains("quota");
      assertThat(b.messenger().counters().offences.get()).isZero();

      cc.start();
      SyncCluster.await(
          () -> cc.messenger().counters().received.get() == MessageLimits.RELAY_MAX_ENVELOPES,
          Duration.ofSeconds(60),
          () -> describe(c.nodes()));
      assertThat(cc.messenger().counters().offences.get()).isZero();
    }
  }

  @Test
  void anExpiredMessageIsForgottenByItsRelayAndNeverDelivered() {
    try (SyncCluster c = new SyncCluster(dir, 3)) {
      HarnessNode a = c.node(0);
      HarnessNode b = c.node(1);
      HarnessNode cc = c.node(2);
      lineWithCOffline(c);
      MessageView sent = a.messenger().send(cc.deviceId(), "short-lived", Duration.ofMillis(800));
      MessageView kept = a.messenger().send(cc.deviceId(), "long-lived", MessageLimits.DEFAULT_TTL);
      SyncCluster.await(
          () -> b.messenger().counters().relayed.get() == 2, WAIT, () -> "B keeps both");
      sleep(1_200);

      cc.start();
      SyncCluster.await(
          () -> state(a, kept.id()).equals("delivered"), WAIT, () -> describe(c.nodes()));
      assertThat(inbox(cc)).extracting(MessageView::text).containsExactly("long-lived");
      assertThat(storeOf(b).get(sent.id(), MessageRow.Role.RELAY)).isEmpty();
      assertThat(state(a, sent.id())).isEqualTo("expired");
    }
  }

  static String describe(List<HarnessNode> nodes) {
    StringBuilder sb = new StringBuilder();
    for (HarnessNode n : nodes) {
      var k = n.messenger().counters();
      sb.append(
          String.format(
              "%nnode-%d: in=%d received=%d relayed=%d delivered=%d dup=%d declined=%d off=%d"
                  + " last=%s peers=%d",
              n.number(),
              inbox(n).size(),
              k.received.get(),
              k.relayed.get(),
              k.delivered.get(),
              k.duplicates.get(),
              k.declined.get(),
              k.offences.get(),
              k.lastRejection(),
              n.connectedPeers().size()));
    }
    return sb.toString();
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
