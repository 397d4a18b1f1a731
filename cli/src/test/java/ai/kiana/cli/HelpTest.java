package ai.kiana.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

class HelpTest {

  /** Every command path in the tree, e.g. "teach", "blocks list". */
  static Stream<String> commands() {
    List<String> paths = new ArrayList<>();
    collect(
        Main.commandLine(Map.of(), new ByteArrayInputStream(new byte[0]), new StopSignal.Jvm()),
        "",
        paths);
    return paths.stream();
  }

  private static void collect(CommandLine cl, String prefix, List<String> out) {
    cl.getSubcommands()
        .forEach(
            (name, sub) -> {
              String path = (prefix + " " + name).strip();
              out.add(path);
              collect(sub, path, out);
            });
  }

  @ParameterizedTest(name = "kiana {0} --help")
  @MethodSource("commands")
  void everyCommandHasADescriptionAndAnExample(String command) {
    List<String> args = new ArrayList<>(List.of(command.split(" ")));
    args.add("--help");

    Kiana.Result r = Kiana.withEnv(Map.of()).run(args.toArray(String[]::new));

    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .startsWith("Usage: kiana " + command)
        .contains("Example")
        .contains("kiana " + command.split(" ")[0]);
    assertThat(r.out().lines().skip(1).findFirst().orElse(""))
        .isNotBlank(); // the one-line description
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("commands")
  void everyCommandTakesTheDataDirectory(String command) {
    List<String> args = new ArrayList<>(List.of(command.split(" ")));
    args.add("--help");

    assertThat(Kiana.withEnv(Map.of()).run(args.toArray(String[]::new)).out())
        .contains("--data-dir");
  }
}
