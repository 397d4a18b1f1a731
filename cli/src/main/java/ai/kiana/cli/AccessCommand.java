package ai.kiana.cli;

import ai.kiana.server.limits.AccessLists;
import ai.kiana.server.node.Node;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kiana access list|allow|deny|remove}: the allow and deny lists of devices and addresses,
 * changed locally by whoever owns the data directory. A running node picks a change up within a
 * second and drops the connections it now refuses.
 */
@Command(
    name = "access",
    description = "Allow or deny devices and addresses (login, API and sync).",
    footer = {
      "",
      "Deny wins; a non-empty allow list admits only what it lists.",
      "",
      "Examples:",
      "  kiana access list",
      "  kiana access deny device 3f2a…(device ID)",
      "  kiana access allow address 192.168.1.*",
      "  kiana access remove deny device 3f2a…"
    })
final class AccessCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.USAGE;
  }

  @Command(name = "list", description = "Show both lists, from the config and from here.")
  static final class List_ implements Callable<Integer> {
    private final CliContext ctx;
    @Spec private CommandSpec spec;

    List_(CliContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (Node node = ctx.openExistingNode()) {
        java.util.List<AccessLists.Entry> entries = node.security().addresses().entries();
        if (entries.isEmpty()) {
          out.println("No entries: every device and address is admitted.");
        }
        for (AccessLists.Entry e : entries) {
          out.printf(
              "%-6s %-8s %s (%s)%n",
              e.list().wireName(), e.kind().wireName(), e.value(), e.source());
        }
      }
      return ExitCode.OK;
    }
  }

  /** allow and deny: the same command on different lists. */
  abstract static class Change implements Callable<Integer> {
    private final CliContext ctx;
    private final AccessLists.Which which;
    @Spec private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<kind>", description = "device or address")
    String kind;

    @Parameters(
        index = "1",
        paramLabel = "<value>",
        description = "A device ID (hex or grouped), or an address or prefix such as 10.0.0.*")
    String value;

    Change(CliContext ctx, AccessLists.Which which) {
      this.ctx = ctx;
      this.which = which;
    }

    @Override
    public Integer call() {
      AccessLists.Kind k = kind(kind);
      String v = value(k, value);
      try (Node node = ctx.openExistingNode()) {
        boolean added = node.security().addresses().add(k, which, v, "cli");
        spec.commandLine()
            .getOut()
            .println(
                (added ? "Added " : "Already listed: ")
                    + k.wireName()
                    + " "
                    + v
                    + " ("
                    + which.wireName()
                    + ").");
      }
      return ExitCode.OK;
    }
  }

  @Command(name = "allow", description = "Add a device or address to the allow list.")
  static final class Allow extends Change {
    Allow(CliContext ctx) {
      super(ctx, AccessLists.Which.ALLOW);
    }
  }

  @Command(name = "deny", description = "Add a device or address to the deny list.")
  static final class Deny extends Change {
    Deny(CliContext ctx) {
      super(ctx, AccessLists.Which.DENY);
    }
  }

  @Command(name = "remove", description = "Take an entry off the allow or deny list.")
  static final class Remove implements Callable<Integer> {
    private final CliContext ctx;
    @Spec private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<list>", description = "allow or deny")
    String list;

    @Parameters(index = "1", paramLabel = "<kind>", description = "device or address")
    String kind;

    @Parameters(index = "2", paramLabel = "<value>")
    String value;

    Remove(CliContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() {
      AccessLists.Which w;
      try {
        w = AccessLists.Which.valueOf(list.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw CliException.usage("<list>: must be allow or deny");
      }
      AccessLists.Kind k = kind(kind);
      String v = value(k, value);
      try (Node node = ctx.openExistingNode()) {
        if (!node.security().addresses().remove(k, w, v, "cli")) {
          throw CliException.notFound(
              "no "
                  + k.wireName()
                  + " "
                  + v
                  + " on the "
                  + w.wireName()
                  + " list (see kiana access list)");
        }
        spec.commandLine()
            .getOut()
            .println("Removed " + k.wireName() + " " + v + " (" + w.wireName() + ").");
      }
      return ExitCode.OK;
    }
  }

  static AccessLists.Kind kind(String wire) {
    try {
      return AccessLists.Kind.valueOf(wire.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw CliException.usage("<kind>: must be device or address");
    }
  }

  static String value(AccessLists.Kind kind, String raw) {
    try {
      return AccessLists.normalise(kind, raw);
    } catch (IllegalArgumentException e) {
      throw CliException.usage("<value>: " + e.getMessage());
    }
  }
}
