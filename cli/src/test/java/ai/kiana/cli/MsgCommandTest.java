package ai.kiana.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MsgCommandTest {

  @TempDir Path tmp;

  static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 20 s").isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  @Test
  @Tag("slow")
  void aMessageSentWithMsgSendIsListedOnTheOtherDeviceAndDeliveredOnTheSender() throws Exception {
    try (var a = PairAndPeersCommandTest.Running.in(tmp.resolve("a"), "laptop");
        var b = PairAndPeersCommandTest.Running.in(tmp.resolve("b"), "phone")) {
      Matcher m = Pattern.compile("kiana:pair\\?\\S+").matcher(a.cli().ok("pair").out());
      assertThat(m.find()).isTrue();
      b.cli().ok("pair", m.group());
      await(() -> a.node().messenger().knowsKey(b.node().identity().deviceId()));

      String sent =
          a.cli()
              .ok("msg", "send", b.node().identity().deviceId().display(), "bring milk")
              .outLine();
      assertThat(sent).startsWith("message ").contains(b.node().identity().deviceId().shortForm());

      await(() -> b.cli().ok("msg", "list", "--in").out().contains("bring milk"));
      assertThat(b.cli().ok("msg", "list").out())
          .contains("from " + a.node().identity().deviceId().shortForm())
          .contains("received");
      await(() -> a.cli().ok("msg", "list", "--out").out().contains("delivered"));
    }
  }

  @Test
  void aBadDeviceIsOneLineAndAUsageExit() {
    try (var a = PairAndPeersCommandTest.Running.in(tmp.resolve("a"), "laptop")) {
      Kiana.Result r = a.cli().run("msg", "send", "not-a-device", "hi");
      assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
      assertThat(r.err().lines()).singleElement().asString().contains("to");
      Kiana.Result unknown = a.cli().run("msg", "send", "cd".repeat(32), "hi");
      assertThat(unknown.exitCode()).isEqualTo(ExitCode.USAGE);
      assertThat(unknown.err()).contains("not one of this user's devices");
      assertThat(a.cli().ok("msg", "list").out()).contains("no messages yet");
    }
  }
}
