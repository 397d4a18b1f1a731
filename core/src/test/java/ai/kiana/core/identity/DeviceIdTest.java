package ai.kiana.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kiana.core.crypto.Ed25519Engines;
import ai.kiana.core.crypto.Sha256;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DeviceIdTest {

  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

  @Test
  void deviceIdIsTheSha256OfThePublicKey() {
    NodeIdentity node = NodeIdentity.generate(Ed25519Engines.fastest());
    assertThat(node.deviceId().hex())
        .isEqualTo(HexFormat.of().formatHex(Sha256.digest(node.publicKey())));
    assertThat(node.deviceId().matches(node.publicKey())).isTrue();
  }

  @Test
  void displayFormIsEightGroupsOfSeven() {
    DeviceId id = DeviceId.ofPublicKey(new byte[32]);
    assertThat(id.display()).matches("([A-Z2-7]{7}-){7}[A-Z2-7]{7}");
    assertThat(id.shortForm()).hasSize(7);
  }

  /** Random IDs with a position and a shift; fixed seed, so a failure reproduces. */
  static Stream<Arguments> cases() {
    Random random = new Random(8785);
    return IntStream.range(0, 500)
        .mapToObj(
            i -> {
              byte[] key = new byte[32];
              random.nextBytes(key);
              return Arguments.of(
                  DeviceId.ofPublicKey(key), random.nextInt(56), 1 + random.nextInt(31));
            });
  }

  @ParameterizedTest
  @MethodSource("cases")
  void displayFormParsesBackToTheSameId(DeviceId id, int position, int shift) {
    assertThat(DeviceId.parse(id.display())).isEqualTo(id);
    assertThat(DeviceId.parse(id.display().toLowerCase().replace("-", " "))).isEqualTo(id);
    assertThat(DeviceId.parse(id.hex().toUpperCase())).isEqualTo(id);
  }

  @ParameterizedTest
  @MethodSource("cases")
  void anySingleMistypedCharacterIsDetected(DeviceId id, int position, int shift) {
    char[] chars = id.display().replace("-", "").toCharArray();
    chars[position] = ALPHABET.charAt((ALPHABET.indexOf(chars[position]) + shift) % 32);
    assertThatThrownBy(() -> DeviceId.parse(new String(chars)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mistyped");
  }

  @ParameterizedTest
  @MethodSource("cases")
  void swapsOfNeighboursAreDetected(DeviceId id, int position, int shift) {
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
    assertThatThrownBy(() -> DeviceId.parse("1".repeat(56)))
        .hasMessageContaining("not a device ID character");
  }
}
