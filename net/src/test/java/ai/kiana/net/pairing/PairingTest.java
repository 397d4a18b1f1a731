package ai.kiana.net.pairing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kiana.testkit.FakeClock;
import ai.kiana.testkit.TestBlocks;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PairingTest {

  @Test
  void aCodeReadsBackAsItWasWritten() {
    PairingCode code =
        new PairingCode(
            TestBlocks.identity(1).deviceId(),
            List.of("192.168.1.5:8471", "127.0.0.1:8471"),
            "ABCDEFGHIJKLMNOP",
            Instant.ofEpochSecond(1_800_000_000));
    assertThat(PairingCode.parse(code.text())).isEqualTo(code);
    assertThat(PairingCode.parse("  " + code.text() + "\n")).isEqualTo(code);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "hello | not a KI_ana pairing code",
        "kiana:pair?v=2&d=x | version 2 is not supported",
        "kiana:pair?v=1&a=1.2.3.4:1&s=ABCDEFGHIJKLMNOP&e=1 | incomplete (no 'd')",
        "kiana:pair?v=1&d=0101010101010101010101010101010101010101010101010101010101010101&a=1.2.3.4:1&s=short&e=1 | 16-64 base32",
        "kiana:pair?v=1&d=0101010101010101010101010101010101010101010101010101010101010101&a=nowhere&s=ABCDEFGHIJKLMNOP&e=1 | host:port",
        "kiana:pair?v=1&d=0101010101010101010101010101010101010101010101010101010101010101&a=h:1&s=ABCDEFGHIJKLMNOP&e=soon | damaged expiry"
      })
  void damagedCodesAreRefusedWithWhatIsWrong(String text, String problem) {
    assertThatThrownBy(() -> PairingCode.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(problem);
  }

  @Test
  void aSecretWorksOnceAndOnlyBeforeItExpires() {
    FakeClock clock = new FakeClock();
    PairingWindow window = new PairingWindow(clock);
    PairingWindow.Offer first = window.open(Duration.ofMinutes(5));
    PairingWindow.Offer second = window.open(Duration.ofMinutes(5));
    assertThat(window.isOpen()).isTrue();

    assertThat(window.redeem("WRONGWRONGWRONGW")).isFalse();
    assertThat(window.redeem(first.secret())).isTrue();
    assertThat(window.redeem(first.secret())).as("used up").isFalse();

    clock.advance(Duration.ofMinutes(5));
    assertThat(window.redeem(second.secret())).as("expired").isFalse();
    assertThat(window.isOpen()).isFalse();
  }
}
