package ai.kiana.cli.netns;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The namespace test may be skipped on a developer's machine, never under CI. */
class NetnsGateTest {

  static final String WHY = "network namespace tests need root (CI runs them as root)";

  @Test
  void withoutNamespacesOutsideCiTheTestIsSkippedSayingWhy() {
    assertThatThrownBy(() -> NetnsSyncTest.requireNetns(WHY, null))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("need root");
    assertThatThrownBy(() -> NetnsSyncTest.requireNetns(WHY, "false"))
        .isInstanceOf(TestAbortedException.class);
  }

  @Test
  void withoutNamespacesUnderCiTheTestFails() {
    assertThatThrownBy(() -> NetnsSyncTest.requireNetns(WHY, "true"))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("CI must run")
        .hasMessageContaining("need root");
  }

  @Test
  void withNamespacesTheTestRuns() {
    assertThatCode(() -> NetnsSyncTest.requireNetns(null, "true")).doesNotThrowAnyException();
    assertThatCode(() -> NetnsSyncTest.requireNetns(null, null)).doesNotThrowAnyException();
  }
}
