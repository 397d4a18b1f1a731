package ai.kiana.cli;

import ai.kiana.core.block.BlockDraft;
import ai.kiana.core.block.BlockType;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.block.Scope;
import ai.kiana.server.node.Node;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kiana teach}: signs and stores one block; prints its ID so scripts can keep it. */
@Command(
    name = "teach",
    description = "Store a signed knowledge block and print its ID.",
    footer = {
      "",
      "Examples:",
      "  kiana teach \"Die Erde ist rund\" --lang de --tag geo",
      "  echo \"Buy oat milk\" | kiana teach - --type note --title Shopping"
    })
final class TeachCommand implements Callable<Integer> {

  static final Set<BlockType> TEACHABLE =
      EnumSet.of(BlockType.FACT, BlockType.NOTE, BlockType.MEMORY);

  private final CliContext ctx;

  @Spec private CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "<text>",
      description = "What to remember; - reads it from standard input.")
  String text;

  @Option(names = "--title", paramLabel = "<title>", description = "A short title.")
  String title;

  @Option(names = "--tag", paramLabel = "<tag>", description = "A tag; repeat for more.")
  List<String> tags = new ArrayList<>();

  @Option(
      names = "--type",
      paramLabel = "fact|note|memory",
      description = "Kind of block (default: fact).")
  BlockType type = BlockType.FACT;

  @Option(names = "--lang", paramLabel = "<lang>", description = "Language tag, e.g. de or en-GB.")
  String lang;

  @Option(
      names = "--scope",
      paramLabel = "private|household|public",
      description = "Who may see it (default: private).")
  Scope scope = Scope.PRIVATE;

  TeachCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    if (!TEACHABLE.contains(type)) {
      throw new ParameterException(
          spec.commandLine(),
          "--type: '" + type.wireName() + "' cannot be taught; use fact, note or memory");
    }
    String content = "-".equals(text) ? readStdin() : text;
    if (content.isBlank()) {
      throw new ParameterException(spec.commandLine(), "nothing to teach: the text is empty");
    }
    BlockDraft draft = new BlockDraft(type, title, content, lang, tags, null, List.of(), scope);
    try (Node node = ctx.openNodeToLearn()) {
      KnowledgeBlock block = node.knowledge().add(draft);
      spec.commandLine().getOut().println(block.id().hex());
    }
    return ExitCode.OK;
  }

  private String readStdin() {
    try {
      String s = new String(ctx.stdin().readAllBytes(), StandardCharsets.UTF_8);
      int end = s.length();
      while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
        end--;
      }
      return s.substring(0, end);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read standard input: " + e.getMessage(), e);
    }
  }
}
