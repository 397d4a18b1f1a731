package ai.kiana.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kiana.core.crypto.Ed25519Engines;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PrivateKeyPemTest {

  @Test
  void pemRoundTripKeepsTheSameIdentity() {
    NodeIdentity node = NodeIdentity.generate(Ed25519Engines.fastest());
    byte[] seed = PrivateKeyPem.decode(PrivateKeyPem.encode(node.exportSeed()));
    assertThat(NodeIdentity.fromSeed(Ed25519Engines.fastest(), seed).deviceId())
        .isEqualTo(node.deviceId());
  }

  @Test
  void pemIsStandardPkcs8ThatTheJdkReads() throws Exception {
    String pem = PrivateKeyPem.encode(new byte[32]);
    String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    var key =
        KeyFactory.getInstance("Ed25519")
            .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
    assertThat(key.getAlgorithm()).isIn("Ed25519", "EdDSA");
  }

  @Test
  void damagedPemIsRefused() {
    assertThatThrownBy(() -> PrivateKeyPem.decode("hello")).hasMessageContaining("not a PEM");
    assertThatThrownBy(
            () ->
                PrivateKeyPem.decode(
                    "-----BEGIN PRIVATE" + " KEY-----\nAAAA\n-----END PRIVATE KEY-----"))
        .hasMessageContaining("not an Ed25519 key");
  }
}
