package ai.kiana.cli;

import ai.kiana.core.block.BlockId;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.server.chat.Memories;
import ai.kiana.server.node.Node;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kiana memory}: what KI_ana remembers about the user. Edits supersede, deletes retract, so
 * both sync to the user's other devices like any block. With a node running on the data directory
 * every subcommand goes through its API ({@link RemoteMemories}).
 */
@Command(
    name = "memory",
    description = "List, add, edit and delete what KI_ana remembers about you.",
    footer = {
      "",
      "Examples:",
      "  kiana memory add \"I am vegetarian\"",
      "  kiana memory list",
      "  kiana memory edit 3f2a9c \"I am vegan\"",
      "  kiana memory delete 3f2a9c"
    })
final class MemoryCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing command: list, add, edit or delete");
  }

  static void print(PrintWriter out, KnowledgeBlock m) {
    out.println(m.id().shortForm() + "  " + m.content().replace('\n', ' '));
  }

  static String text(CommandSpec spec, String text) {
    String t = text.strip();
    if (t.isEmpty() || t.length() > Memories.MAX_CHARS) {
      throw new ParameterException(
          spec.commandLine(), "a memory is 1 to " + Memories.MAX_CHARS + " characters");
    }
    return t;
  }

  @Command(
      name = "list",
      description = "Show every memory, newest first.",
      footer = {"", "Example:", "  kiana memory list"})
  static final class List_ implements Callable<Integer> {
    private final CliContext ctx;
    @Spec private CommandSpec spec;

    List_(CliContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() {
      var running = NodeApiClient.ofRunningNode(ctx.config());
      if (running.isPresent()) {
        new RemoteMemories(running.get(), spec.commandLine().getOut()).list();
        return ExitCode.OK;
      }
      try (Node node = ctx.openExistingNode()) {
        List<KnowledgeBlock> all = node.chat().memories().list();
        all.forEach(m -> print(spec.commandLine().getOut(), m));
      }
      return ExitCode.OK;
    }
  }

  @Command(
      name = "add",
      description = "Remember something; prints the memory's ID.",
      footer = {"", "Example:", "  kiana memory add \"I am vegetarian\""})
  static final class Add implements Callable<Integer> {
    private final CliContext ctx;
    @Spec private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<text>", description = "What to remember.")
    String text;

    Add(CliContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() {
      String t = text(spec, text);
      var running = NodeApiClient.ofRunningNode(ctx.config());
      if (running.isPresent()) {
        new RemoteMemories(running.get(), spec.commandLine().getOut()).add(t);
        return ExitCode.OK;
      }
      try (Node node = ctx.openExistingNode()) {
        spec.commandLine().getOut().println(node.chat().memories().add(t).id().hex());
      }
      return ExitCode.OK;
    }
  }

  @Command(
      name = "edit",
      description = "Replace a memory (the new one supersedes it).",
      footer = {"", "Example:", "  kiana memory edit 3f2a9c \"I am vegan\""})
  static final class Edit implements Callable<Integer> {
    private final CliContext ctx;
    @Spec private CommandSpec spec;

    @Parameters(
        index = "0",
        paramLabel = "<id>",
        description = "Memory ID or its first 6+ characters.")
    String id;

    @Parameters(index = "1", paramLabel = "<text>", description = "The new text.")
    String text;

    Edit(CliContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() {
      BlockRef ref = BlockRef.parse(id);
      String t = text(spec, text);
      var running = NodeApiClient.ofRunningNode(ctx.config());
      if (running.isPresent()) {
        new RemoteMemories(running.get(), spec.commandLine().getOut()).edit(ref, t);
        return ExitCode.OK;
      }
      try (Node node = ctx.openExistingNode()) {
        BlockId target = ref.resolve(node);
        spec.commandLine().getOut().println(node.chat().memories().edit(target, t).id().hex());
      }
      return ExitCode.OK;
    }
  }

  @Command(
      name = "delete",
      description = "Forget a memory (a signed retraction).",
      footer = {"", "Example:", "  kiana memory delete 3f2a9c"})
  static final class Delete implements Callable<Integer> {
    private final CliContext ctx;
    @Spec private CommandSpec spec;

    @Parameters(
        index = "0",
        paramLabel = "<id>",
        description = "Memory ID or its first 6+ characters.")
    String id;

    Delete(CliContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() {
      BlockRef ref = BlockRef.parse(id);
      var running = NodeApiClient.ofRunningNode(ctx.config());
      if (running.isPresent()) {
        new RemoteMemories(running.get(), spec.commandLine().getOut()).delete(ref);
        return ExitCode.OK;
      }
      try (Node node = ctx.openExistingNode()) {
        BlockId target = ref.resolve(node);
        node.chat().memories().delete(target);
        spec.commandLine().getOut().println("forgot " + target.shortForm());
      }
      return ExitCode.OK;
    }
  }
}
