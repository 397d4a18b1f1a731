package ai.kiana.cli.netns;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A small LAN made of Linux network namespaces, for tests that run real node processes: one
 * namespace per node with an {@code eth0} on 10.X.Y.0/24, all joined by a bridge in a namespace of
 * its own (so nothing touches the host's namespace), with IGMP snooping off so multicast (mDNS)
 * floods to every port. Names are unique per instance ({@code kiana-<random>-…}); {@link #close}
 * kills the processes started here and deletes every namespace, which also removes the veths and
 * the bridge.
 */
final class Netns implements AutoCloseable {

  /** The result of a command run to completion. */
  record Result(int exit, String out) {}

  private final String prefix;
  private final String subnet;
  private final int nodes;
  private final List<String> created = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();

  private final Thread onExit = new Thread(this::cleanUp, "netns-cleanup");
  private boolean closed;

  private Netns(String prefix, String subnet, int nodes) {
    this.prefix = prefix;
    this.subnet = subnet;
    this.nodes = nodes;
    // Should the test JVM be killed before close (a forked test timing out), still clean up.
    Runtime.getRuntime().addShutdownHook(onExit);
  }

  /** Why this machine cannot run namespace tests, or null if it can. */
  static String unavailable() {
    try {
      String status = Files.readString(Path.of("/proc/self/status"));
      boolean root = status.lines().anyMatch(l -> l.matches("Uid:\\s+0\\s.*"));
      if (!root) {
        return "network namespace tests need root (CI runs them as root)";
      }
      Result r = host(List.of("ip", "netns", "list"), Duration.ofSeconds(10));
      if (r.exit() != 0) {
        return "'ip netns' is unavailable: " + r.out().strip();
      }
      return null;
    } catch (IOException e) {
      return "cannot run 'ip' (install iproute2): " + e.getMessage();
    }
  }

  /**
   * Creates the namespaces, the bridge and one veth pair per node, and brings them up.
   *
   * @throws IOException if any step fails (whatever was created is removed again)
   */
  static Netns create(int nodes) throws IOException {
    byte[] r = new byte[3];
    new SecureRandom().nextBytes(r);
    Netns n =
        new Netns(
            "kiana-" + HexFormat.of().formatHex(r),
            "10." + (100 + (r[0] & 0x7f)) + "." + (r[1] & 0xff),
            nodes);
    try {
      n.build();
      return n;
    } catch (IOException | RuntimeException e) {
      n.close();
      throw e;
    }
  }

  private void build() throws IOException {
    String br = bridgeNs();
    add(br);
    ip("-n", br, "link", "set", "lo", "up");
    ip("-n", br, "link", "add", "br0", "type", "bridge", "mcast_snooping", "0");
    ip("-n", br, "link", "set", "br0", "up");
    for (int i = 1; i <= nodes; i++) {
      String ns = ns(i);
      add(ns);
      ip("link", "add", "eth0", "netns", ns, "type", "veth", "peer", "name", "p" + i, "netns", br);
      ip("-n", br, "link", "set", "p" + i, "master", "br0");
      ip("-n", br, "link", "set", "p" + i, "up");
      ip("-n", ns, "link", "set", "lo", "up");
      ip("-n", ns, "addr", "add", address(i) + "/24", "dev", "eth0");
      ip("-n", ns, "link", "set", "eth0", "up", "multicast", "on");
      // mDNS sends to 224.0.0.251; without a default route the kernel needs this one.
      ip("-n", ns, "route", "add", "224.0.0.0/4", "dev", "eth0");
    }
  }

  private void add(String ns) throws IOException {
    ip("netns", "add", ns);
    created.add(ns);
  }

  String bridgeNs() {
    return prefix + "-br";
  }

  String ns(int i) {
    return prefix + "-n" + i;
  }

  String address(int i) {
    return subnet + "." + i;
  }

  /** What the bridge says about multicast, for a failure message. */
  String describe() {
    try {
      return host(
              List.of("ip", "-n", bridgeNs(), "-d", "link", "show", "br0"), Duration.ofSeconds(5))
          .out();
    } catch (IOException e) {
      return e.getMessage();
    }
  }

  /** Starts {@code command} inside node {@code i}'s namespace, output to {@code log}. */
  Process start(int i, List<String> command, Map<String, String> env, Path log) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(inNs(i, command));
    // Only the test's settings: a KIANA_* variable of the machine running the tests must not leak
    // in.
    pb.environment().keySet().removeIf(k -> k.startsWith("KIANA_"));
    pb.environment().putAll(env);
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    Process p = pb.start();
    synchronized (processes) {
      processes.add(p);
    }
    return p;
  }

  /** Runs {@code command} inside node {@code i}'s namespace to completion. */
  Result run(int i, List<String> command, Map<String, String> env, Duration timeout)
      throws IOException {
    Path out = Files.createTempFile(prefix, ".out");
    try {
      Process p = start(i, command, env, out);
      if (!waitFor(p, timeout)) {
        p.destroyForcibly();
        throw new IOException(
            "timed out after " + timeout + ": " + command + "\n" + Files.readString(out));
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private List<String> inNs(int i, List<String> command) {
    List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", ns(i)));
    c.addAll(command);
    return c;
  }

  private static boolean waitFor(Process p, Duration timeout) {
    try {
      return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void ip(String... args) throws IOException {
    List<String> c = new ArrayList<>(List.of("ip"));
    c.addAll(List.of(args));
    Result r = host(c, Duration.ofSeconds(10));
    if (r.exit() != 0) {
      throw new IOException(String.join(" ", c) + " failed: " + r.out().strip());
    }
  }

  private static Result host(List<String> command, Duration timeout) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!waitFor(p, timeout)) {
      p.destroyForcibly();
      throw new IOException("timed out: " + command);
    }
    return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes()));
  }

  /** Kills what was started here, then deletes the namespaces (and with them veths and bridge). */
  @Override
  public void close() {
    // A test timeout interrupts this thread; cleaning up must still wait for its commands.
    boolean interrupted = Thread.interrupted();
    try {
      Runtime.getRuntime().removeShutdownHook(onExit);
    } catch (IllegalStateException e) {
      // the JVM is already exiting: the hook runs cleanUp
    }
    try {
      cleanUp();
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private synchronized void cleanUp() {
    if (closed) {
      return;
    }
    closed = true;
    synchronized (processes) {
      for (Process p : processes) {
        p.destroy();
      }
      for (Process p : processes) {
        if (!waitFor(p, Duration.ofSeconds(5))) {
          p.destroyForcibly();
          waitFor(p, Duration.ofSeconds(5));
        }
      }
    }
    List<String> left = new ArrayList<>();
    for (String ns : created.reversed()) {
      try {
        ip("netns", "del", ns);
      } catch (IOException e) {
        left.add(ns + " (" + e.getMessage() + ")");
      }
    }
    if (!left.isEmpty()) {
      throw new IllegalStateException("could not delete network namespaces: " + left);
    }
  }
}
