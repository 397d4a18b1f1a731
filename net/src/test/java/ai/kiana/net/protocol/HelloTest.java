package ai.kiana.net.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kiana.core.block.Scope;
import ai.kiana.core.identity.DeviceId;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HelloTest {

  static final DeviceId DEVICE = new DeviceId("ab".repeat(32));

  @Test
  void theFollowFilterSurvivesTheWire() {
    SyncFilter f =
        new SyncFilter(
            EnumSet.of(Scope.HOUSEHOLD), Set.of("garden", "kitchen"), 1_790_000_000_000L);
    Hello h = Hello.decode(Hello.of(DEVICE, "phone", 8471, null, f).encode());
    assertThat(h.follow()).isEqualTo(f);
    assertThat(h.scopes()).containsExactly(Scope.HOUSEHOLD);
    Hello all = Hello.decode(Hello.of(DEVICE, "laptop", 0, null, SyncFilter.ALL).encode());
    assertThat(all.follow().followsEverything()).isTrue();
  }

  @Test
  void aHelloWithoutTagsAndCreatedAfterFollowsAnyTagsAndAllTime() {
    String json =
        "{\"protocol\":\"kiana-sync\",\"version\":1,\"device\":\""
            + DEVICE.hex()
            + "\",\"name\":\"x\",\"listenPort\":1,\"pairingSecret\":null,\"scopes\":[\"private\"]}";
    Hello h = Hello.decode(json.getBytes(StandardCharsets.UTF_8));
    assertThat(h.follow().tags()).isEmpty();
    assertThat(h.follow().createdAfterMillis()).isZero();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"tags\":\"garden\"",
        "\"tags\":[1]",
        "\"tags\":[\"\"]",
        "\"createdAfter\":\"yesterday\"",
        "\"createdAfter\":12345"
      })
  void aMalformedFollowFilterIsAProtocolError(String member) {
    String json =
        "{\"protocol\":\"kiana-sync\",\"version\":1,\"device\":\""
            + DEVICE.hex()
            + "\",\"name\":\"x\",\"listenPort\":1,\"pairingSecret\":null,\"scopes\":[\"private\"],"
            + member
            + "}";
    assertThatThrownBy(() -> Hello.decode(json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining(member.substring(1, member.indexOf('"', 1)));
  }
}
