package ai.kiana.server.ledgersync;

import static ai.kiana.server.ledgersync.Device.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kiana.core.block.BlockCodec;
import ai.kiana.core.block.BlockDraft;
import ai.kiana.core.block.BlockType;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.block.Scope;
import ai.kiana.core.ledger.DeviceRecord;
import ai.kiana.core.ledger.Role;
import ai.kiana.core.ledger.TxPayload;
import ai.kiana.net.PairingException;
import ai.kiana.net.sync.BlockAdmission;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pairing brings devices onto the Mother's ledger; the ledger then decides who may sync. */
@Tag("slow")
class LedgerPairingTest {

  @TempDir Path dir;

  @Test
  void threeDevicesPairedWithTheMotherKeepOneLedger() throws Exception {
    try (Device mother = Device.start(dir.resolve("mother"), "mother");
        Device laptop = Device.start(dir.resolve("laptop"), "laptop");
        Device phone = Device.start(dir.resolve("phone"), "phone")) {
      assertThat(laptop.genesis())
          .as("each init makes its own genesis")
          .isNotEqualTo(mother.genesis());

      laptop.pairWith(mother);
      phone.pairWith(mother);

      List<Device> all = List.of(mother, laptop, phone);
      await(
          "both admitted on every device",
          () ->
              all.stream()
                  .allMatch(
                      d ->
                          d.node.ledger().headState().isActive(laptop.id())
                              && d.node.ledger().headState().isActive(phone.id())));
      await("one head", () -> all.stream().allMatch(d -> d.head().equals(mother.head())));
      for (Device d : all) {
        assertThat(d.genesis()).isEqualTo(mother.genesis());
      }
      DeviceRecord phoneRecord = mother.node.ledger().headState().device(phone.id());
      assertThat(phoneRecord.role()).isEqualTo(Role.SUBMIND);
      assertThat(phoneRecord.name()).isEqualTo("phone");
      assertThat(mother.node.ledger().headState().activeRole(mother.id())).isEqualTo(Role.CREATOR);

      // Knowledge still syncs, and the ledger vouches for the phone on the laptop, which never
      // paired with it: the laptop accepts the phone's blocks relayed by the Mother.
      KnowledgeBlock fromPhone = phone.node.knowledge().add(BlockDraft.fact("taught on the phone"));
      await(
          "phone's block on the laptop", () -> laptop.node.store().get(fromPhone.id()).isPresent());
    }
  }

  @Test
  void aDeviceWhoseRoleLacksSyncGetsNoKnowledgeButKeepsTheLedger() throws Exception {
    try (Device mother = Device.start(dir.resolve("mother"), "mother");
        Device laptop = Device.start(dir.resolve("laptop"), "laptop")) {
      laptop.pairWith(mother);
      await("laptop admitted", () -> laptop.node.ledger().headState().isActive(laptop.id()));
      mother.node.ledger().submit(new TxPayload.RoleChanged(laptop.id(), Role.USER)).sealed().get();
      await(
          "role known on the laptop",
          () -> laptop.node.ledger().headState().activeRole(laptop.id()) == Role.USER);

      KnowledgeBlock fromMother = mother.node.knowledge().add(BlockDraft.fact("for subminds"));
      KnowledgeBlock fromLaptop = laptop.node.knowledge().add(BlockDraft.fact("from a user"));
      laptop.net().syncNow();
      mother
          .node
          .ledger()
          .submit(new TxPayload.PolicyChanged("retention", "a year"))
          .sealed()
          .get();

      await("the ledger still reaches it", () -> laptop.head().equals(mother.head()));
      Thread.sleep(1000);
      assertThat(laptop.net().connected(mother.id())).isTrue();
      assertThat(mother.node.store().get(fromLaptop.id())).isEmpty();
      assertThat(laptop.node.store().get(fromMother.id())).isEmpty();
    }
  }

  private static BlockDraft note(String text, Scope scope) {
    return new BlockDraft(BlockType.NOTE, "", text, "en", List.of(), null, List.of(), scope);
  }

  @Test
  void aSensorSyncsUpTheBlocksItWroteInItsScopeAndReceivesNothing() throws Exception {
    try (Device mother = Device.start(dir.resolve("mother"), "mother");
        Device sensor = Device.start(dir.resolve("sensor"), "thermometer")) {
      sensor.pairWith(mother);
      await("sensor admitted", () -> sensor.node.ledger().headState().isActive(sensor.id()));
      KnowledgeBlock beforeRole = mother.node.knowledge().add(BlockDraft.fact("while a submind"));
      await("synced while a submind", () -> sensor.node.store().get(beforeRole.id()).isPresent());
      mother
          .node
          .ledger()
          .submit(new TxPayload.RoleChanged(sensor.id(), Role.SENSOR))
          .sealed()
          .get();
      await(
          "role known on the sensor",
          () -> sensor.node.ledger().headState().activeRole(sensor.id()) == Role.SENSOR);

      KnowledgeBlock secret = mother.node.knowledge().add(BlockDraft.fact("the Mother's own"));
      // Written while it may not reach the Mother (the connection was closed for the new role):
      // reconciliation carries it later.
      KnowledgeBlock reading =
          sensor.node.knowledge().add(note("21.5 °C in the hall", Scope.PRIVATE));
      KnowledgeBlock outside = sensor.node.knowledge().add(note("not its scope", Scope.HOUSEHOLD));
      // The connection set up for the old role is closed and redialled: its first exchange carries
      // it.
      await(
          "the sensor's reading on the Mother",
          () -> mother.node.store().get(reading.id()).isPresent());
      KnowledgeBlock later =
          mother.node.knowledge().add(BlockDraft.fact("after the sensor synced"));
      sensor.net().syncNow();
      mother.net().syncNow();
      Thread.sleep(1000);
      assertThat(mother.net().connected(sensor.id())).isTrue();
      assertThat(sensor.node.store().get(secret.id())).isEmpty();
      assertThat(sensor.node.store().get(later.id())).isEmpty();
      assertThat(mother.node.store().get(outside.id())).isEmpty();
    }
  }

  @Test
  void devicesOfTwoNetworksLinkedByAddressSyncKnowledgeButKeepTheirOwnLedgers() throws Exception {
    try (Device left = Device.start(dir.resolve("left"), "left");
        Device right = Device.start(dir.resolve("right"), "right")) {
      left.node.ledger().submit(new TxPayload.PolicyChanged("retention", "a week")).sealed().get();
      right.node.ledger().submit(new TxPayload.PolicyChanged("retention", "a day")).sealed().get();
      right.node.ledger().submit(new TxPayload.PolicyChanged("sync", "on")).sealed().get();
      String leftHead = left.head();
      // As two devices paired before they shared a ledger: each lists the other as a peer.
      left.net().addPeer(peer(right));
      right.net().addPeer(peer(left));
      await("linked", () -> left.net().connected(right.id()));

      KnowledgeBlock b = right.node.knowledge().add(BlockDraft.fact("shared across networks"));
      await("knowledge crosses", () -> left.node.store().get(b.id()).isPresent());
      Thread.sleep(1000);

      assertThat(left.head()).as("the heavier foreign chain is not taken").isEqualTo(leftHead);
      assertThat(left.genesis()).isNotEqualTo(right.genesis());
      assertThat(left.node.ledger().headState().policies()).containsEntry("retention", "a week");
    }
  }

  private static ai.kiana.net.peers.PeerRecord peer(Device d) {
    return new ai.kiana.net.peers.PeerRecord(
        d.id(), d.name, "127.0.0.1:" + d.net().port(), "config", java.time.Instant.now());
  }

  @Test
  void aSubmindCannotAdmitADeviceAndSaysWhere() throws Exception {
    try (Device mother = Device.start(dir.resolve("mother"), "mother");
        Device laptop = Device.start(dir.resolve("laptop"), "laptop");
        Device tablet = Device.start(dir.resolve("tablet"), "tablet")) {
      laptop.pairWith(mother);
      await("laptop admitted", () -> laptop.node.ledger().headState().isActive(laptop.id()));
      String ownGenesis = tablet.genesis();

      assertThatThrownBy(() -> tablet.pairWith(laptop))
          .isInstanceOf(PairingException.class)
          .hasMessageContaining("may not admit devices; pair with the Mother or an admin device");

      assertThat(tablet.genesis()).isEqualTo(ownGenesis);
      tablet.pairWith(mother);
      await("tablet admitted", () -> laptop.node.ledger().headState().isActive(tablet.id()));
      assertThat(tablet.genesis()).isEqualTo(mother.genesis());
    }
  }

  @Test
  void aDeviceWithLedgerHistoryOfItsOwnIsRefusedWithAReason() throws Exception {
    try (Device mother = Device.start(dir.resolve("mother"), "mother");
        Device old = Device.start(dir.resolve("old"), "old")) {
      old.node.ledger().submit(new TxPayload.PolicyChanged("retention", "forever")).sealed().get();
      String ownGenesis = old.genesis();

      assertThatThrownBy(() -> old.pairWith(mother))
          .isInstanceOf(PairingException.class)
          .hasMessageContaining("already keeps its own ledger");

      assertThat(old.genesis()).as("its ledger is untouched").isEqualTo(ownGenesis);
      assertThat(old.node.ledger().head().height()).isEqualTo(1);
      assertThat(mother.node.ledger().headState().device(old.id())).isNull();
      assertThat(old.net().peerBook().contains(mother.id())).isFalse();
      await("the Mother forgets it", () -> !mother.net().peerBook().contains(old.id()));
    }
  }

  @Test
  void revokingADeviceDropsItEverywhereAndRefusesItsNewBlocksButNotItsOldOnes() throws Exception {
    try (Device mother = Device.start(dir.resolve("mother"), "mother");
        Device laptop = Device.start(dir.resolve("laptop"), "laptop");
        Device stolen = Device.start(dir.resolve("stolen"), "stolen")) {
      laptop.pairWith(mother);
      stolen.pairWith(mother);
      await(
          "stolen admitted on the laptop",
          () -> laptop.node.ledger().headState().isActive(stolen.id()));
      // The laptop dials the stolen phone itself, so that there is a direct link to drop.
      laptop
          .net()
          .addPeer(
              new ai.kiana.net.peers.PeerRecord(
                  stolen.id(),
                  "stolen",
                  "127.0.0.1:" + stolen.net().port(),
                  "config",
                  java.time.Instant.now()));
      await("laptop linked to it", () -> laptop.net().connected(stolen.id()));
      KnowledgeBlock before = stolen.node.knowledge().add(BlockDraft.fact("made before the theft"));
      await("old block on the laptop", () -> laptop.node.store().get(before.id()).isPresent());

      mother.node.security().revocation().revoke(stolen.id(), "stolen", "creator").sealed().get();

      await(
          "dropped by every device",
          () -> !mother.net().connected(stolen.id()) && !laptop.net().connected(stolen.id()));
      assertThat(laptop.node.ledger().headState().device(stolen.id()).revoked()).isTrue();
      KnowledgeBlock after = stolen.node.knowledge().add(BlockDraft.fact("made by the thief"));
      Thread.sleep(1500); // the stolen device keeps redialling meanwhile
      assertThat(mother.net().connected(stolen.id())).isFalse();
      assertThat(laptop.net().connected(stolen.id())).isFalse();
      assertThat(mother.node.store().get(after.id())).isEmpty();

      for (Device d : List.of(mother, laptop)) {
        assertThat(d.net().admission().check(BlockCodec.toJson(after)))
            .as("a block made after the revocation")
            .isInstanceOf(BlockAdmission.Verdict.Decline.class);
        assertThat(d.net().admission().check(BlockCodec.toJson(before)))
            .as("a block made before it")
            .isInstanceOf(BlockAdmission.Verdict.Accept.class);
        assertThat(d.node.store().get(before.id())).contains(before);
      }
    }
  }
}
