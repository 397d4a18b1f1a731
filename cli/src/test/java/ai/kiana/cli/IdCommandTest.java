package ai.kiana.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.identity.DeviceId;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdCommandTest {

  @TempDir Path tmp;
  Kiana kiana;

  @BeforeEach
  void init() {
    kiana = Kiana.in(tmp);
    kiana.ok("init");
  }

  @Test
  void idPrintsTheGroupedFormAndHexOnRequest() {
    String grouped = kiana.ok("id").outLine();
    String hex = kiana.ok("id", "--hex").outLine();

    assertThat(grouped).matches("([A-Z2-7]{7}-){7}[A-Z2-7]{7}");
    assertThat(DeviceId.parse(grouped).hex()).isEqualTo(hex);
  }

  @Test
  void checkAcceptsTheDeviceIdInEitherForm() {
    Kiana.Result grouped = kiana.run("id", "--check", kiana.ok("id").outLine());
    Kiana.Result hex = kiana.run("id", "--check", kiana.ok("id", "--hex").outLine());

    assertThat(grouped.exitCode()).isZero();
    assertThat(grouped.outLine()).isEqualTo("valid");
    assertThat(hex.exitCode()).isZero();
  }

  @Test
  void checkCatchesAOneCharacterTypo() {
    String id = kiana.ok("id").outLine();
    char wrong = id.charAt(10) == 'A' ? 'B' : 'A';
    String typo = id.substring(0, 10) + wrong + id.substring(11);

    Kiana.Result r = kiana.run("id", "--check", typo);

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().lines())
        .singleElement()
        .asString()
        .startsWith("kiana: ")
        .contains("does not check out");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void checkNeedsNoDataDirectory() {
    String id = kiana.ok("id").outLine();

    assertThat(Kiana.in(tmp.resolve("nothing-here")).run("id", "--check", id).exitCode()).isZero();
  }
}
