package ai.kiana.cli;

import ai.kiana.core.block.Scope;
import ai.kiana.core.json.Json;
import ai.kiana.net.sync.FollowPolicy;
import ai.kiana.server.node.ConfigException;
import ai.kiana.server.sync.SyncSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kiana sync follow}: what this node follows of its peers' knowledge (selective sync). */
@Command(
    name = "sync",
    description = "Settings of block sync between this user's devices.",
    footer = {"", "Examples:", "  kiana sync follow --tags garden --since 30d"})
final class SyncCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.USAGE;
  }

  @Command(
      name = "follow",
      description = {
        "Show or set what this node follows (selective sync): only some scopes, only blocks with",
        "one of some tags, only blocks created in a recent window. Options not given stay as they",
        "are. The running node applies a change at once; otherwise it is saved for the next start.",
        "Blocks already here stay; the blocks this node writes itself always reach its peers."
      },
      footer = {
        "",
        "Examples:",
        "  kiana sync follow                                   (show)",
        "  kiana sync follow --scopes private,household --tags garden,kitchen --since 30d",
        "  kiana sync follow --tags ''                         (any tags again)",
        "  kiana sync follow --all                             (everything)"
      })
  static final class Follow implements Callable<Integer> {
    private final CliContext ctx;
    @Spec private CommandSpec spec;

    @Option(
        names = "--scopes",
        paramLabel = "<list>",
        description = "Comma-separated: private, household, public. Empty: all.")
    String scopes;

    @Option(
        names = "--tags",
        paramLabel = "<list>",
        description = "Comma-separated tags; a block needs one of them. Empty: any tags.")
    String tags;

    @Option(
        names = "--since",
        paramLabel = "<when>",
        description = "all, a window such as 30d, 12h or 2w, or a date such as 2026-01-31.")
    String since;

    @Option(names = "--all", description = "Follow everything (all scopes, any tags, all time).")
    boolean all;

    Follow(CliContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() {
      if (all && (scopes != null || tags != null || since != null)) {
        throw CliException.usage("--all cannot be combined with --scopes, --tags or --since");
      }
      boolean change = all || scopes != null || tags != null || since != null;
      ctx.requireKey(ctx.dataDir());
      PrintWriter out = spec.commandLine().getOut();
      NodeLock free = tryLock();
      if (free != null) {
        try (NodeLock lock = free) {
          if (change) {
            FollowPolicy now = SyncSettings.load(ctx.dataDir(), ctx.env()).follow();
            FollowPolicy next;
            try {
              next =
                  SyncSettings.follow(
                      all ? "" : scopes != null ? scopes : scopesText(now),
                      all ? "" : tags != null ? tags : String.join(",", now.tags()),
                      all ? "all" : since != null ? since : now.sinceText());
            } catch (ConfigException e) {
              throw CliException.usage(e.problem());
            }
            SyncSettings.saveFollow(ctx.dataDir(), next);
          }
          FollowPolicy shown = SyncSettings.load(ctx.dataDir(), ctx.env()).follow();
          print(out, scopesText(shown), String.join(",", shown.tags()), shown.sinceText());
          if (change) {
            out.println("saved; the node follows it when it starts");
          }
        }
        return ExitCode.OK;
      }
      NodeApiClient api = new NodeApiClient(ctx.config());
      NodeApiClient.Answer a = api.get("/api/v1/settings/sync");
      requireOk(a);
      if (change) {
        ObjectNode body = Json.mapper().createObjectNode();
        list(body, "scopes", all ? "" : scopes != null ? scopes : joined(a.body(), "scopes"));
        list(body, "tags", all ? "" : tags != null ? tags : joined(a.body(), "tags"));
        body.put("since", all ? "all" : since != null ? since : a.body().path("since").asText());
        a = api.put("/api/v1/settings/sync", body.toString());
        requireOk(a);
      }
      print(
          out,
          joined(a.body(), "scopes"),
          joined(a.body(), "tags"),
          a.body().path("since").asText());
      if (change) {
        out.println("applied by the running node (its peers are redialled with the new filter)");
      }
      return ExitCode.OK;
    }

    /** The data directory's lock, or null when a node runs on it (and must be asked instead). */
    private NodeLock tryLock() {
      try {
        return NodeLock.acquire(ctx.dataDir());
      } catch (CliException busy) {
        return null;
      }
    }

    private static void requireOk(NodeApiClient.Answer a) {
      if (a.status() / 100 != 2) {
        if (a.status() == 400) {
          throw CliException.usage(a.message());
        }
        throw CliException.failure(a.message());
      }
    }

    private static String scopesText(FollowPolicy p) {
      return p.scopes().stream().map(Scope::wireName).sorted().collect(Collectors.joining(","));
    }

    private static String joined(JsonNode body, String field) {
      List<String> out = new ArrayList<>();
      body.path(field).forEach(n -> out.add(n.asText()));
      return String.join(",", out);
    }

    private static void list(ObjectNode body, String field, String csv) {
      var a = body.putArray(field);
      for (String s : csv.split(",")) {
        if (!s.isBlank()) {
          a.add(s.strip());
        }
      }
    }

    private static void print(PrintWriter out, String scopes, String tags, String since) {
      out.println("scopes: " + scopes);
      out.println(
          "tags:   "
              + (tags.isEmpty()
                  ? "(any)"
                  : String.join(", ", new TreeSet<>(List.of(tags.split(","))))));
      out.println("since:  " + since);
    }
  }
}
