package ai.kiana.net.discover;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.identity.DeviceId;
import ai.kiana.net.peers.PeerBook;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LanPeersTest {

  private static final DeviceId MEMBER = new DeviceId("a".repeat(64));
  private static final DeviceId STRANGER = new DeviceId("b".repeat(64));

  private final PeerBook book = PeerBook.inMemory();
  private final List<DeviceId> dialled = new ArrayList<>();
  private final LanPeers lan =
      new LanPeers(book, Clock.systemUTC(), d -> false, dialled::add, Set.of(MEMBER)::contains);

  @Test
  void aLedgerMemberHeardOnTheLanIsDialledWithoutPairing() {
    lan.discovered(MEMBER, "192.0.2.7:8471");

    assertThat(dialled).containsExactly(MEMBER);
    assertThat(book.get(MEMBER))
        .hasValueSatisfying(p -> assertThat(p.address()).isEqualTo("192.0.2.7:8471"));
    assertThat(lan.nearby()).isEmpty();
  }

  @Test
  void aStrangerIsOnlyAPairingCandidate() {
    lan.discovered(STRANGER, "192.0.2.8:8471");

    assertThat(dialled).isEmpty();
    assertThat(book.contains(STRANGER)).isFalse();
    assertThat(lan.nearby()).extracting(Nearby::device).containsExactly(STRANGER);
  }

  @Test
  void aNearbyNodeThatJoinsTheLedgerLaterIsDialledThen() {
    Set<DeviceId> members = new java.util.HashSet<>();
    LanPeers later =
        new LanPeers(book, Clock.systemUTC(), d -> false, dialled::add, members::contains);
    later.discovered(STRANGER, "192.0.2.8:8471");
    later.promoteMembers();
    assertThat(dialled).isEmpty();

    members.add(STRANGER);
    later.promoteMembers();

    assertThat(dialled).containsExactly(STRANGER);
    assertThat(later.nearby()).isEmpty();
  }
}
