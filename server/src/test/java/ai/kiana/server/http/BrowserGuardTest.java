package ai.kiana.server.http;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BrowserGuardTest {

  private final BrowserGuard loopback = new BrowserGuard("127.0.0.1");
  private final BrowserGuard lan = new BrowserGuard("0.0.0.0");

  @ParameterizedTest
  @CsvSource(
      nullValues = "-",
      value = {
        "localhost:8470, -",
        "127.0.0.1:8470, http://127.0.0.1:8470",
        "[::1]:8470, http://[::1]:8470",
        "localhost:8470, http://localhost:8470",
        "-, -"
      })
  void sameOriginAndNonBrowserRequestsPass(String host, String origin) {
    assertThatCode(() -> loopback.check(host, origin)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @CsvSource(
      nullValues = "-",
      value = {
        "evil.example:8470, -",
        "localhost:8470, https://evil.example",
        "localhost:8470, null",
        "localhost:8470, http://localhost:9999"
      })
  void foreignPagesAndReboundNamesAreRefused(String host, String origin) {
    assertThatThrownBy(() -> loopback.check(host, origin))
        .isInstanceOf(ApiException.Forbidden.class);
  }

  @ParameterizedTest
  @CsvSource({
    "192.168.1.20:8470, http://192.168.1.20:8470",
    "kiana.lan:8470, http://kiana.lan:8470"
  })
  void aNodeOpenedToTheLanAnswersItsOwnPages(String host, String origin) {
    assertThatCode(() -> lan.check(host, origin)).doesNotThrowAnyException();
  }
}
