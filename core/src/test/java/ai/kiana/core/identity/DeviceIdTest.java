package ai.kiana.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kiana.core.crypto.Ed25519Engines;
import ai.kiana.core.crypto.Sha256;
import java.util.HexFormat;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class DeviceIdTest {

  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

  @Test
  void deviceIdIsTheSha256OfThePublicKey() {
    NodeIdentity node = NodeIdentity.generate(Ed25519Engines.fastest());
    assertThat(node.deviceId().hex()).isEqualTo(HexFormat.of().formatHex(Sha256.digest(node.publicKey())));
    assertThat(node.deviceId().matches(node.publicKey())).isTrue();
  }

  @Test
  void displayFormIsEightGroupsOfSeven() {
    DeviceId id = DeviceId.ofPublicKey(new byte[32]);
    assertThat(id.display()).matches("([A-Z2-7]{7}-){7}[A-Z2-7]{7}");
    assertThat(id.shortForm()).hasSize(7);
  }

  @Property
  void displayFormParsesBackToTheSameId(@ForAll("ids") DeviceId id) {
    assertThat(DeviceId.parse(id.display())).isEqualTo(id);
    assertThat(DeviceId.parse(id.display().toLowerCase().replace("-", " "))).isEqualTo(id);
    assertThat(DeviceId.parse(id.hex().toUpperCase())).isEqualTo(id);
  }

  @Property
  void anySingleMistypedCharacterIsDetected(
      @ForAll("ids") DeviceId id, @ForAll("positions") int position, @ForAll("shifts") int shift) {
    char[] chars = id.display().replace("-", "").toCharArray();
    chars[position] = ALPHABET.charAt((ALPHABET.indexOf(chars[position]) + shift) % 32);
    assertThatThrownBy(() -> DeviceId.parse(new String(chars)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mistyped");
  }

  @Property
  void mostSwapsOfNeighboursAreDetected(@ForAll("ids") DeviceId id, @ForAll("positions") int position) {
    char[] chars = id.display().replace("-", "").toCharArray();
    int next = position + 1 == chars.length ? position - 1 : position + 1;
    if (chars[position] == chars[next]) {
      return;
    }
    char t = chars[position];
    chars[position] = chars[next];
    chars[next] = t;
    String swapped = new String(chars);
    // Luhn mod 32 misses only the swap of the pair whose values sum to 31 mod 32 positions apart.
    int a = ALPHABET.indexOf(chars[position]);
    int b = ALPHABET.indexOf(chars[next]);
    if ((a == 0 && b == 31) || (a == 31 && b == 0)) {
      return;
    }
    assertThatThrownBy(() -> DeviceId.parse(swapped)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void garbageIsRejectedWithAMessage() {
    assertThatThrownBy(() -> DeviceId.parse("")).hasMessageContaining("empty");
    assertThatThrownBy(() -> DeviceId.parse("ABC-DEF")).hasMessageContaining("56 characters");
    assertThatThrownBy(() -> DeviceId.parse("1".repeat(56))).hasMessageContaining("not a device ID character");
  }

  @Provide
  Arbitrary<DeviceId> ids() {
    return Arbitraries.bytes().array(byte[].class).ofSize(32).map(DeviceId::ofPublicKey);
  }

  @Provide
  Arbitrary<Integer> positions() {
    return Arbitraries.integers().between(0, 55);
  }

  @Provide
  Arbitrary<Integer> shifts() {
    return Arbitraries.integers().between(1, 31);
  }
}
