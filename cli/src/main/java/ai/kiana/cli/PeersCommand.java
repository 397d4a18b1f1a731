package ai.kiana.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kiana peers}: the running node's peers, their state and what was exchanged. */
@Command(
    name = "peers",
    description = "List the running node's peers: state, address, RTT, last sync, blocks.",
    footer = {"", "Examples:", "  kiana peers", "  kiana peers --json"})
final class PeersCommand implements Callable<Integer> {

  private final CliContext ctx;

  @Spec private CommandSpec spec;

  @Option(names = "--json", description = "Print the API's JSON as it is.")
  boolean json;

  PeersCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    NodeApiClient.Answer a = new NodeApiClient(ctx.config()).get("/api/v1/peers");
    PairCommand.requireOk(a);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(a.body().toPrettyString());
      return ExitCode.OK;
    }
    JsonNode peers = a.body().path("peers");
    if (peers.isEmpty()) {
      out.println("no peers yet (pair a device with: kiana pair)");
      return ExitCode.OK;
    }
    out.printf(
        "%-16s %-12s %-13s %-22s %8s %-24s %8s %8s%n",
        "DEVICE", "NAME", "STATE", "ADDRESS", "RTT ms", "LAST SYNC", "IN", "OUT");
    for (JsonNode p : peers) {
      out.printf(
          "%-16s %-12s %-13s %-22s %8s %-24s %8d %8d%n",
          p.path("device").asText().substring(0, 16),
          p.path("name").asText(""),
          p.path("state").asText(),
          p.path("address").isNull() ? "-" : p.path("address").asText(),
          p.path("rttMs").isNull() ? "-" : String.format("%.2f", p.path("rttMs").asDouble()),
          p.path("lastSync").isNull() ? "never" : p.path("lastSync").asText(),
          p.path("blocksIn").asLong(),
          p.path("blocksOut").asLong());
    }
    return ExitCode.OK;
  }
}
