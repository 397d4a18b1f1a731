package ai.kiana.cli;

import ai.kiana.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kiana msg}: end-to-end encrypted messages to the user's other devices, through the running
 * node (it holds the connections and relays for devices that are offline).
 */
@Command(
    name = "msg",
    description = "Send and list end-to-end encrypted messages between your devices.",
    footer = {
      "",
      "Examples:",
      "  kiana msg send ABCDEFG-HIJKLMN-... \"bring milk\"",
      "  kiana msg list",
      "  kiana msg list --in"
    })
final class MsgCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing command: send or list");
  }

  static void requireOk(NodeApiClient.Answer a) {
    if (a.status() / 100 == 2) {
      return;
    }
    switch (a.error()) {
      case "invalid_field", "missing_field", "unknown_device" ->
          throw CliException.usage(a.message());
      case "recipient_key_unknown" ->
          throw CliException.data(
              a.message(), "pair with the device, or wait until a peer passes its key on");
      default -> throw CliException.failure(a.message());
    }
  }

  @Command(
      name = "send",
      description =
          "Encrypt a message to a device and send it (kept by peers while it is offline).",
      footer = {"", "Example:", "  kiana msg send ABCDEFG-HIJKLMN-... \"bring milk\""})
  static final class Send implements Callable<Integer> {
    private final CliContext ctx;
    @Spec private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<device>", description = "Device ID (either form).")
    String device;

    @Parameters(index = "1", paramLabel = "<text>", description = "The message.")
    String text;

    Send(CliContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() {
      String body = Json.mapper().createObjectNode().put("to", device).put("text", text).toString();
      NodeApiClient.Answer a = new NodeApiClient(ctx.config()).post("/api/v1/messages", body);
      requireOk(a);
      spec.commandLine()
          .getOut()
          .println(
              "message "
                  + a.body().path("id").asText()
                  + " to "
                  + a.body().path("peerDisplay").asText()
                  + ": "
                  + a.body().path("state").asText());
      return ExitCode.OK;
    }
  }

  @Command(
      name = "list",
      description = "Show received and sent messages, newest first, with their delivery state.",
      footer = {"", "Examples:", "  kiana msg list", "  kiana msg list --out --limit 10"})
  static final class List_ implements Callable<Integer> {
    private final CliContext ctx;
    @Spec private CommandSpec spec;

    @Option(names = "--in", description = "Only received messages.")
    boolean in;

    @Option(names = "--out", description = "Only sent messages.")
    boolean out;

    @Option(names = "--limit", description = "At most this many (1-500, default 50).")
    int limit = 50;

    @Option(names = "--json", description = "Print the API's JSON as it is.")
    boolean json;

    List_(CliContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() {
      if (in && out) {
        throw new ParameterException(spec.commandLine(), "--in and --out exclude each other");
      }
      String query = "?limit=" + limit + (in ? "&direction=in" : out ? "&direction=out" : "");
      NodeApiClient.Answer a = new NodeApiClient(ctx.config()).get("/api/v1/messages" + query);
      requireOk(a);
      PrintWriter pw = spec.commandLine().getOut();
      if (json) {
        pw.println(a.body().toPrettyString());
        return ExitCode.OK;
      }
      JsonNode messages = a.body().path("messages");
      if (messages.isEmpty()) {
        pw.println("no messages yet (send one with: kiana msg send <device> <text>)");
        return ExitCode.OK;
      }
      for (JsonNode m : messages) {
        boolean incoming = m.path("direction").asText().equals("in");
        pw.printf(
            "%-24s %s %-7s %-9s %s%n",
            m.path("created").asText(),
            incoming ? "from" : "to  ",
            m.path("peerDisplay").asText().substring(0, 7),
            m.path("state").asText(),
            m.path("text").asText().replace('\n', ' '));
      }
      return ExitCode.OK;
    }
  }
}
