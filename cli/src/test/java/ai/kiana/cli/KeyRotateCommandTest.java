package ai.kiana.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.block.BlockQuery;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.block.Verification;
import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.ledger.DeviceRecord;
import ai.kiana.core.ledger.TxPayload;
import ai.kiana.server.node.DataDir;
import ai.kiana.server.node.KeyFile;
import ai.kiana.server.node.Node;
import ai.kiana.server.node.NodeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kiana key rotate} end to end: the device keeps its ID, the ledger holds the new key, the
 * key file changes atomically and stays owner-only, blocks signed before and after both verify, and
 * the old key can sign nothing new.
 */
class KeyRotateCommandTest {

  @TempDir Path tmp;
  Path dir;
  Kiana kiana;

  @BeforeEach
  void setUp() throws Exception {
    dir = tmp.resolve("node");
    kiana = Kiana.in(dir);
    Path password = Files.writeString(tmp.resolve("pw.txt"), "a long enough password\n");
    kiana.ok("init", "--creator-password-file", password.toString());
  }

  @Test
  void rotatingKeepsTheDeviceAndMovesTheLedgerAndTheKeyFileToTheNewKey() throws Exception {
    String idBefore = kiana.ok("id").out();
    String keyFileBefore = Files.readString(DataDir.keyFile(dir));
    kiana.ok("teach", "Signed with the first key.");

    Kiana.Result r = kiana.ok("key", "rotate");

    assertThat(r.out()).contains("rotated.", "old key: ", "new key: ");
    assertThat(kiana.ok("id").out()).isEqualTo(idBefore);
    assertThat(Files.readString(DataDir.keyFile(dir))).isNotEqualTo(keyFileBefore);
    assertThat(KeyFile.nextKeyFile(dir)).doesNotExist();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(DataDir.keyFile(dir))))
        .isEqualTo("rw-------");
    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(KeyFile.deviceIdFile(dir))))
        .isEqualTo("rw-------");

    kiana.ok("teach", "Signed with the second key.");
    assertThat(kiana.ok("verify", "--all").out()).contains("blocks verified", "ledger blocks");

    try (Node node = Node.open(NodeConfig.defaults(dir))) {
      DeviceId device = node.identity().deviceId();
      String newKey = HexFormat.of().formatHex(node.identity().publicKey());
      DeviceRecord record = node.ledger().headState().device(device);
      assertThat(node.identity().rotated()).isTrue();
      assertThat(record.key()).isEqualTo(newKey);
      assertThat(record.formerKeys()).hasSize(1);
      assertThat(device.matches(HexFormat.of().parseHex(record.formerKeys().getFirst().key())))
          .as("the ID stays the hash of the first key")
          .isTrue();
      List<KnowledgeBlock> facts = node.knowledge().list(BlockQuery.all()).blocks();
      assertThat(facts).extracting(KnowledgeBlock::key).contains(newKey);
      assertThat(facts).allMatch(b -> b.author().equals(device));
      assertThat(facts).allMatch(b -> node.knowledge().verify(b) instanceof Verification.Valid);
      // The ledger takes transactions from the new key, as the same device.
      assertThat(
              node.ledger()
                  .submit(new TxPayload.PolicyChanged("ui.lang", "de"))
                  .admission()
                  .accepted())
          .isTrue();
      assertThat(node.security().audit().entries(0, 100))
          .anyMatch(e -> e.action().equals("key-rotated") && e.target().equals(device.hex()));
    }
  }

  @Test
  void anInterruptedRotationIsFinishedAtTheNextStart() throws Exception {
    String newKey;
    try (Node node = Node.open(NodeConfig.defaults(dir))) {
      // Steps 1 and 2 of a rotation, then a "crash" before the key file is switched.
      var next =
          KeyFile.prepareRotation(
              dir, ai.kiana.core.crypto.Ed25519Engines.fastest(), node.identity().deviceId());
      newKey = HexFormat.of().formatHex(next.publicKey());
      node.ledger()
          .submit(TxPayload.KeyRotated.of(node.identity(), next))
          .sealed()
          .get(30, java.util.concurrent.TimeUnit.SECONDS);
    }
    assertThat(KeyFile.nextKeyFile(dir)).exists();

    try (Node node = Node.open(NodeConfig.defaults(dir))) {
      assertThat(HexFormat.of().formatHex(node.identity().publicKey())).isEqualTo(newKey);
      assertThat(KeyFile.nextKeyFile(dir)).doesNotExist();
    }
  }

  @Test
  void rotatingWhileTheNodeRunsIsRefused() throws Exception {
    try (NodeLock lock = NodeLock.acquire(dir)) {
      Kiana.Result r = kiana.run("key", "rotate");
      assertThat(r.exitCode()).isEqualTo(4);
      assertThat(r.err()).contains("already running");
    }
  }
}
