package ai.kiana.cli;

import ai.kiana.core.json.Json;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kiana pair}: shows a short-lived pairing code of the running node; {@code kiana pair
 * <code>} pairs the running node with the device that showed it.
 */
@Command(
    name = "pair",
    description = "Show a pairing code for another device, or pair with a device's code.",
    footer = {
      "",
      "Examples:",
      "  kiana pair                            (first device: shows a code)",
      "  kiana pair 'kiana:pair?v=1&d=…'       (second device: redeems it)",
      "Both need a running node (kiana start). A code works once, for 5 minutes."
    })
final class PairCommand implements Callable<Integer> {

  private final CliContext ctx;

  @Spec private CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "<code>",
      description = "The code another device showed; without it, show this device's code.")
  String code;

  PairCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    NodeApiClient api = new NodeApiClient(ctx.config());
    PrintWriter out = spec.commandLine().getOut();
    if (code == null) {
      NodeApiClient.Answer a = api.post("/api/v1/pairing", "{}");
      requireOk(a);
      out.println("Pairing code (valid until " + a.body().path("expires").asText() + ", once):");
      out.println();
      out.println("  " + a.body().path("code").asText());
      out.println();
      out.println(
          "On the other device run: kiana pair '<code>'  (the QR code carries the same text)");
      return ExitCode.OK;
    }
    String body = Json.mapper().createObjectNode().put("code", code).toString();
    NodeApiClient.Answer a = api.post("/api/v1/pairing/join", body);
    requireOk(a);
    out.println(
        "paired with "
            + a.body().path("display").asText()
            + (a.body().path("name").asText("").isEmpty()
                ? ""
                : " (" + a.body().path("name").asText() + ")")
            + " at "
            + a.body().path("address").asText());
    return ExitCode.OK;
  }

  static void requireOk(NodeApiClient.Answer a) {
    if (a.status() / 100 == 2) {
      return;
    }
    switch (a.error()) {
      case "invalid_pairing_code", "own_pairing_code" -> throw CliException.usage(a.message());
      case "sync_not_running" ->
          throw CliException.data(a.message(), "enable sync (sync.enabled=true) and restart");
      default -> throw CliException.failure(a.message());
    }
  }
}
