package ai.kiana.cli;

import ai.kiana.ai.filter.FilterHit;
import ai.kiana.core.block.BlockView;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.server.chat.ChatEvents;
import ai.kiana.server.chat.ChatService;
import ai.kiana.server.chat.Citation;
import ai.kiana.server.chat.UnknownConversationException;
import ai.kiana.server.node.Node;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kiana ask}: answers a question from the node's knowledge, streaming the answer to the
 * terminal as it is written, then its sources. When a node runs on the data directory ({@code kiana
 * start} in another terminal), the question goes to it over its API, so the answer uses its search
 * index (which only one process can hold); otherwise the command opens the data directory itself.
 * The question and answer are stored as a conversation that {@code --conversation} continues.
 */
@Command(
    name = "ask",
    description = "Ask a question; the answer streams in, followed by the blocks it cites.",
    footer = {
      "",
      "Examples:",
      "  kiana ask \"Wie lang ist der Rhein?\"",
      "  kiana ask \"remember that the spare key is under the mat\"",
      "  kiana ask \"Why?\" --conversation 5f1c…   (continues a conversation)",
      "  kiana ask \"Summarise my notes\" --backend ollama --model llama3.2"
    })
final class AskCommand implements Callable<Integer> {

  private final CliContext ctx;

  @Spec private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "<question>", description = "What to ask.")
  String question;

  @Option(
      names = "--conversation",
      paramLabel = "<id>",
      description = "Continue this conversation (its id is printed after each answer).")
  String conversation;

  @Mixin ChatOptions chat = new ChatOptions();

  AskCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    if (question.isBlank()) {
      throw CliException.usage("nothing to ask: the question is empty");
    }
    if (question.length() > ChatService.MAX_MESSAGE_CHARS) {
      throw CliException.usage(
          "the question is "
              + question.length()
              + " characters; at most "
              + ChatService.MAX_MESSAGE_CHARS
              + " are accepted");
    }
    Map<String, String> flags = chat.flags();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    var running = NodeApiClient.ofRunningNode(ctx.config());
    if (running.isPresent()) {
      if (!flags.isEmpty()) {
        throw CliException.usage(
            "a node is running on this data directory and answers with its own chat settings;"
                + " leave out --chat-backend/--chat-model/--chat-url, or change its settings"
                + " (PUT /api/v1/settings/chat)");
      }
      new RemoteAsk(running.get(), out, err).ask(question, conversation);
      return ExitCode.OK;
    }
    try (Node node = ctx.openExistingNode(flags)) {
      node.chat().ask(question, conversation, new Terminal(out, err));
    } catch (UnknownConversationException e) {
      throw CliException.notFound("no conversation " + conversation);
    }
    return ExitCode.OK;
  }

  /** Prints tokens as they come, then the sources and where to continue. */
  private static final class Terminal implements ChatEvents {
    private final PrintWriter out;
    private final PrintWriter err;
    private String conversation;

    Terminal(PrintWriter out, PrintWriter err) {
      this.out = out;
      this.err = err;
    }

    @Override
    public void meta(String conversation, KnowledgeBlock questionTurn) {
      this.conversation = conversation;
    }

    @Override
    public void token(String text) {
      out.print(text);
      out.flush();
    }

    @Override
    public void citations(List<Citation> cited) {
      out.println();
      if (cited.isEmpty()) {
        return;
      }
      out.println();
      out.println("Sources:");
      for (int i = 0; i < cited.size(); i++) {
        BlockView v = cited.get(i).view();
        out.println(
            "["
                + (i + 1)
                + "] "
                + v.block().id().shortForm()
                + " "
                + BlockText.summary(v.block(), BlockText.DEFAULT_SUMMARY_CHARS)
                + " ("
                + (v.verification().isValid() ? "verified" : "INVALID")
                + ")");
      }
    }

    @Override
    public void done(
        KnowledgeBlock answerTurn, String backend, boolean declined, FilterHit filter) {
      if (filter != null) {
        out.println();
        err.println(
            "filter: "
                + filter.action().wireName()
                + " ("
                + filter.category()
                + "): "
                + filter.reason());
      }
      out.flush();
      err.println(
          "conversation " + conversation + " (continue with --conversation " + conversation + ")");
    }
  }
}
