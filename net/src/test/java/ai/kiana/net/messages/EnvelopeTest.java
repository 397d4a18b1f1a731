package ai.kiana.net.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kiana.core.block.DeviceKeys;
import ai.kiana.core.crypto.Ed25519Engines;
import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.core.json.Json;
import ai.kiana.testkit.TestBlocks;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnvelopeTest {

  static final Signers ED = Signers.offline(Ed25519Engines.fastest());
  static final NodeIdentity ALICE = TestBlocks.identity(1);
  static final NodeIdentity BOB = TestBlocks.identity(2);
  static final NodeIdentity MALLORY = TestBlocks.identity(3);
  static final EncryptionKey BOB_KEY = EncryptionKey.generate();
  static final KeyAnnouncement BOB_ANNOUNCED = KeyAnnouncement.sign(BOB, BOB_KEY, 1_000);

  static Envelope sealed(String text) {
    return Envelope.seal(ALICE, BOB_ANNOUNCED, Envelope.newId(), 10_000, 20_000, text);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void theRecipientDecryptsWhatTheSenderSealedAndSigned() {
    Envelope env = sealed("Grüße an den Laptop");
    Envelope received = Envelope.verify(utf8(env.json()), ED);
    assertThat(received.from()).isEqualTo(ALICE.deviceId());
    assertThat(received.to()).isEqualTo(BOB.deviceId());
    assertThat(received.open(BOB_KEY)).isEqualTo("Grüße an den Laptop");
    assertThat(env.json()).doesNotContain("Grüße").doesNotContain("Laptop");
  }

  @Test
  void anotherDevicesKeyCannotDecrypt() {
    Envelope env = Envelope.verify(utf8(sealed("secret").json()), ED);
    // Declined, not an offence: the signature vouched for the bytes, so the relay is not to blame.
    assertThatThrownBy(() -> env.open(EncryptionKey.generate()))
        .isInstanceOf(Rejected.class)
        .satisfies(e -> assertThat(((Rejected) e).kind()).isEqualTo(Rejected.Kind.DECLINE));
  }

  /** Changing any member of a signed envelope makes it fail verification. */
  @ParameterizedTest
  @ValueSource(strings = {"id", "from", "key", "to", "created", "expires", "enc", "ct", "sig"})
  void tamperingWithAnyMemberIsRejectedAsAnOffence(String member) {
    ObjectNode o = (ObjectNode) Json.parse(sealed("hello").json());
    switch (member) {
      case "created", "expires" -> o.put(member, o.path(member).asLong() + 1);
      case "from" -> o.put("from", MALLORY.deviceId().hex());
      case "to" -> o.put("to", MALLORY.deviceId().hex());
      case "key" -> o.put("key", SignedJson.HEX.formatHex(MALLORY.publicKey()));
      default -> o.put(member, flipLastChar(o.path(member).asText()));
    }
    assertThatThrownBy(() -> Envelope.verify(utf8(o.toString()), ED))
        .isInstanceOf(Rejected.class)
        .satisfies(e -> assertThat(((Rejected) e).kind()).isEqualTo(Rejected.Kind.OFFENCE));
  }

  @Test
  void aCiphertextResignedByAnotherDeviceDoesNotDecrypt() {
    // Mallory takes Alice's ciphertext and signs it as her own: the header is the HPKE associated
    // data, so the recipient cannot be fooled about the sender.
    ObjectNode o = (ObjectNode) Json.parse(sealed("from alice").json());
    o.put("from", MALLORY.deviceId().hex());
    o.put("key", SignedJson.HEX.formatHex(MALLORY.publicKey()));
    o.put(
        "sig",
        SignedJson.HEX.formatHex(MALLORY.sign(SignedJson.signingBytes(Envelope.CONTEXT, o))));
    Envelope forged = Envelope.verify(utf8(o.toString()), ED);
    assertThat(forged.from()).isEqualTo(MALLORY.deviceId());
    assertThatThrownBy(() -> forged.open(BOB_KEY)).isInstanceOf(Rejected.class);
  }

  @Test
  void anOversizedEnvelopeIsRejectedBeforeParsing() {
    byte[] big = new byte[MessageLimits.MAX_ENVELOPE_BYTES + 1];
    assertThatThrownBy(() -> Envelope.verify(big, ED))
        .isInstanceOf(Rejected.class)
        .hasMessageContaining("over the limit");
  }

  @Test
  void aTextOverTheLimitCannotBeSealedAndTheLargestFitsInAnEnvelope() {
    assertThatThrownBy(() -> sealed("x".repeat(MessageLimits.MAX_TEXT_BYTES + 1)))
        .isInstanceOf(IllegalArgumentException.class);
    Envelope largest = sealed("€".repeat(MessageLimits.MAX_TEXT_BYTES / 3));
    assertThat(largest.size()).isLessThanOrEqualTo(MessageLimits.MAX_ENVELOPE_BYTES);
    assertThat(Envelope.verify(utf8(largest.json()), ED).open(BOB_KEY)).hasSize(10_922);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "[]",
        "{}",
        "not json",
        "{\"v\":2,\"id\":\"00\",\"from\":\"\",\"key\":\"\",\"to\":\"\",\"created\":0,"
            + "\"expires\":1,\"enc\":\"\",\"ct\":\"\",\"sig\":\"\"}"
      })
  void malformedEnvelopesAreOffences(String text) {
    assertThatThrownBy(() -> Envelope.verify(utf8(text), ED))
        .isInstanceOf(Rejected.class)
        .satisfies(e -> assertThat(((Rejected) e).kind()).isEqualTo(Rejected.Kind.OFFENCE));
  }

  @Test
  void anExtraMemberIsRejected() {
    ObjectNode o = (ObjectNode) Json.parse(sealed("x").json());
    o.put("note", "hi");
    assertThatThrownBy(() -> Envelope.verify(utf8(o.toString()), ED))
        .hasMessageContaining("unknown member");
  }

  @Test
  void receiptsAndKeyAnnouncementsVerifyAndRejectTampering() {
    Envelope env = sealed("ack me");
    Receipt r = Receipt.sign(BOB, env, 12_345);
    Receipt back = Receipt.verify(r.json(), ED);
    assertThat(back.from()).isEqualTo(BOB.deviceId());
    assertThat(back.to()).isEqualTo(ALICE.deviceId());
    assertThat(back.id()).isEqualTo(env.id());
    assertThatThrownBy(() -> Receipt.verify(r.json().replace("12345", "12346"), ED))
        .isInstanceOf(Rejected.class);

    KeyAnnouncement a = KeyAnnouncement.verify(BOB_ANNOUNCED.json(), ED);
    assertThat(a.encKey()).isEqualTo(BOB_KEY.publicKey());
    ObjectNode o = (ObjectNode) Json.parse(BOB_ANNOUNCED.json());
    o.put("encKey", SignedJson.HEX.formatHex(EncryptionKey.generate().publicKey()));
    assertThatThrownBy(() -> KeyAnnouncement.verify(o.toString(), ED))
        .isInstanceOf(Rejected.class)
        .hasMessageContaining("signature");
  }

  @Test
  void aDeviceThatRotatedItsKeyStillSignsAsItselfAndItsOldKeyOnlyBeforeTheRotation() {
    byte[] seed = new byte[32];
    java.util.Arrays.fill(seed, (byte) 9);
    NodeIdentity rotatedAlice =
        NodeIdentity.rotated(Ed25519Engines.fastest(), seed, ALICE.deviceId());
    String oldKey = SignedJson.HEX.formatHex(ALICE.publicKey());
    String newKey = SignedJson.HEX.formatHex(rotatedAlice.publicKey());
    long rotatedAt = 15_000;
    // What the ledger says after Alice's key-rotated transaction at 15 s.
    Signers ledger =
        new Signers(
            Ed25519Engines.fastest(),
            (device, key) ->
                !device.equals(ALICE.deviceId())
                    ? null
                    : key.equals(newKey)
                        ? DeviceKeys.Held.ALWAYS
                        : key.equals(oldKey)
                            ? new DeviceKeys.Held(rotatedAt)
                            : DeviceKeys.Held.NEVER);
    Envelope byNewKey =
        Envelope.seal(rotatedAlice, BOB_ANNOUNCED, Envelope.newId(), 20_000, 30_000, "neu");
    assertThat(Envelope.verify(utf8(byNewKey.json()), ledger).from()).isEqualTo(ALICE.deviceId());
    assertThat(Envelope.verify(utf8(byNewKey.json()), ledger).open(BOB_KEY)).isEqualTo("neu");
    // Without the ledger the new key is not Alice's.
    assertThatThrownBy(() -> Envelope.verify(utf8(byNewKey.json()), ED))
        .hasMessageContaining("not the key of device");

    assertThat(Envelope.verify(utf8(sealed("before").json()), ledger).open(BOB_KEY))
        .isEqualTo("before");
    Envelope oldKeyAfter =
        Envelope.seal(ALICE, BOB_ANNOUNCED, Envelope.newId(), 16_000, 30_000, "too late");
    assertThatThrownBy(() -> Envelope.verify(utf8(oldKeyAfter.json()), ledger))
        .isInstanceOf(Rejected.class)
        .hasMessageContaining("rotated away");

    KeyAnnouncement announced =
        KeyAnnouncement.sign(rotatedAlice, EncryptionKey.generate(), 20_000);
    assertThat(KeyAnnouncement.verify(announced.json(), ledger).device())
        .isEqualTo(ALICE.deviceId());
    Receipt receipt = Receipt.sign(rotatedAlice, sealed("ack"), 21_000);
    assertThat(Receipt.verify(receipt.json(), ledger).from()).isEqualTo(ALICE.deviceId());
    // A stranger's key claimed for Alice is refused whatever the ledger's record.
    ObjectNode o = (ObjectNode) Json.parse(byNewKey.json());
    o.put("key", SignedJson.HEX.formatHex(MALLORY.publicKey()));
    o.put(
        "sig",
        SignedJson.HEX.formatHex(MALLORY.sign(SignedJson.signingBytes(Envelope.CONTEXT, o))));
    assertThatThrownBy(() -> Envelope.verify(utf8(o.toString()), ledger))
        .hasMessageContaining("not the key of device");
  }

  @Test
  void aSignatureForOneKindOfObjectDoesNotPassAsAnother() {
    // The same members signed as a receipt do not verify as a key announcement's signature.
    ObjectNode o = (ObjectNode) Json.parse(BOB_ANNOUNCED.json());
    o.put("sig", SignedJson.HEX.formatHex(BOB.sign(SignedJson.signingBytes(Receipt.CONTEXT, o))));
    assertThatThrownBy(() -> KeyAnnouncement.verify(o.toString(), ED))
        .hasMessageContaining("signature");
  }

  @Test
  void theKeyFileIsOwnerOnlyAndLoadsTheSameKey(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("identity/message.key");
    EncryptionKey k = EncryptionKey.loadOrCreate(file);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(EncryptionKey.loadOrCreate(file).publicKey()).isEqualTo(k.publicKey());
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> EncryptionKey.loadOrCreate(file)).hasMessageContaining("other users");
  }

  static String flipLastChar(String s) {
    char last = s.charAt(s.length() - 1);
    char other = last == 'A' ? 'B' : 'A';
    if (Character.isDigit(last) || (last >= 'a' && last <= 'f')) {
      other = last == '0' ? '1' : '0';
    }
    return s.substring(0, s.length() - 1) + other;
  }
}
