package ai.kiana.cli.netns;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real KI_ana processes ({@code kiana start}) in three network namespaces on one bridge: they
 * find each other by mDNS, pair through {@code kiana pair}, and a block taught on node 1 reaches
 * node 3. Needs root and {@code ip netns}: elsewhere it is skipped, except under CI, where not
 * being able to run is a failure.
 */
@Tag("slow")
@Tag("netns")
class NetnsSyncTest {

  static final Duration BUDGET = Duration.ofSeconds(170);
  static final Duration CLI_TIMEOUT = Duration.ofSeconds(40);

  @TempDir Path tmp;

  private final long started = System.nanoTime();
  private final long deadline = started + BUDGET.toNanos();
  private Netns lan;

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void threeNodesInSeparateNamespacesFindEachOtherByMdnsPairAndSync() throws Exception {
    requireNetns(Netns.unavailable(), System.getenv("CI"));
    try (Netns net = Netns.create(3)) {
      lan = net;
      String taught = "Der Apfelbaum im Garten trägt dieses Jahr viel";
      cli(1, "init");
      String blockId = cli(1, "teach", taught).strip();
      assertThat(blockId).matches("[0-9a-f]{64}");

      List<Process> nodes = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        nodes.add(net.start(i, java("start"), env(i), log(i)));
      }
      for (int i = 1; i <= 3; i++) {
        awaitLog(i, "sync listening on port");
      }

      // mDNS: each node lists the other two as nearby devices, before any pairing.
      Map<Integer, String> device = new HashMap<>();
      for (int i = 1; i <= 3; i++) {
        Matcher m = Pattern.compile("\\(device ([A-Z0-9-]+)\\)").matcher(Files.readString(log(i)));
        assertThat(m.find()).as("node " + i + " names its device").isTrue();
        device.put(i, DeviceId.parse(m.group(1)).hex());
      }
      for (int i = 1; i <= 3; i++) {
        int self = i;
        Set<String> others = new HashSet<>(device.values());
        others.remove(device.get(self));
        JsonNode[] last = new JsonNode[1];
        await(
            "node " + self + " sees the other two by mDNS",
            () -> nearby(last[0] = peers(self)).containsAll(others),
            () -> last[0] + "\nbridge: " + net.describe());
      }

      // Pairing, through the CLI as a user does it: the Mother (node 1) admits both others to its
      // ledger. Nodes 2 and 3 then find each other by mDNS as members and connect unpaired.
      pair(1, 2);
      pair(1, 3);
      await(
          "nodes 2 and 3 connect as members of the same ledger",
          () -> connectedTo(peers(2), device.get(3)) && connectedTo(peers(3), device.get(2)),
          () -> peers(2) + "\n" + peers(3));

      await(
          "node 3 receives the block taught on node 1",
          () -> {
            long in = 0;
            for (JsonNode p : peers(3).path("peers")) {
              in += p.path("blocksIn").asLong();
            }
            return in >= 1;
          },
          () -> peers(3).toString());
      Process node3 = nodes.get(2);
      node3.destroy();
      assertThat(node3.waitFor(20, TimeUnit.SECONDS)).as("node 3 stops on SIGTERM").isTrue();
      assertThat(cli(3, "blocks", "show", blockId)).contains(taught);
    } finally {
      lan = null;
    }
  }

  /**
   * Skips the test when this machine cannot run it ({@code why} non-null), unless {@code ci} (the
   * environment's CI) is {@code true}: CI must run it, so there it fails instead.
   */
  static void requireNetns(String why, String ci) {
    if (why == null) {
      return;
    }
    if ("true".equals(ci)) {
      Assertions.fail("CI must run the network namespace test, but " + why);
    }
    Assumptions.abort("skipped: " + why);
  }

  private void pair(int shows, int redeems) throws IOException {
    String shown = cli(shows, "pair");
    Matcher m = Pattern.compile("kiana:pair\\?\\S+").matcher(shown);
    assertThat(m.find()).as("a pairing code in: " + shown).isTrue();
    assertThat(cli(redeems, "pair", m.group())).startsWith("paired with ");
  }

  private static boolean connectedTo(JsonNode peers, String device) {
    for (JsonNode p : peers.path("peers")) {
      if (device.equals(p.path("device").asText())
          && "connected".equals(p.path("state").asText())) {
        return true;
      }
    }
    return false;
  }

  private static Set<String> nearby(JsonNode peers) {
    Set<String> out = new HashSet<>();
    for (JsonNode n : peers.path("nearby")) {
      out.add(n.path("device").asText());
    }
    return out;
  }

  private JsonNode peers(int i) throws IOException {
    return Json.parse(cli(i, "peers", "--json").getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /**
   * Runs a kiana command in node {@code i}'s namespace; fails with its output unless it exits 0.
   */
  private String cli(int i, String... args) throws IOException {
    long t0 = System.nanoTime();
    Netns.Result r = lan.run(i, java(args), env(i), remaining(CLI_TIMEOUT));
    System.out.printf(
        "%6.1f s  node %d: kiana %s (%.1f s)%n",
        (System.nanoTime() - started) / 1e9,
        i,
        String.join(" ", args),
        (System.nanoTime() - t0) / 1e9);
    assertThat(r.exit())
        .as("kiana " + String.join(" ", args) + " on node " + i + ":\n" + r.out())
        .isZero();
    return r.out();
  }

  /** A kiana command on the test's own classpath (class directories, so no class-data archive). */
  private List<String> java(String... args) {
    List<String> c =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xmx512m"));
    c.addAll(List.of("-cp", System.getProperty("java.class.path"), "ai.kiana.cli.Main"));
    c.addAll(List.of(args));
    return c;
  }

  private Map<String, String> env(int i) {
    Map<String, String> env = new HashMap<>();
    env.put("KIANA_HOME", tmp.resolve("node-" + i).toString());
    env.put("KIANA_PORT", "8470");
    env.put("KIANA_SYNC_PORT", "8471");
    env.put("KIANA_DEVICE_NAME", "node-" + i);
    env.put("KIANA_SYNC_DISCOVERY", "true");
    env.put("KIANA_CREATOR_PASSWORD", "netns-test-password-" + i);
    return env;
  }

  private Path log(int i) {
    return tmp.resolve("node-" + i + ".log");
  }

  private void awaitLog(int i, String line) throws Exception {
    await(
        "node " + i + " starts",
        () -> Files.exists(log(i)) && Files.readString(log(i)).contains(line),
        () -> Files.readString(log(i)));
  }

  interface Check {
    boolean ok() throws Exception;
  }

  interface Describe {
    String get() throws Exception;
  }

  private void await(String what, Check check, Describe state) throws Exception {
    while (!check.ok()) {
      if (System.nanoTime() > deadline) {
        String s;
        try {
          s = state.get();
        } catch (Exception e) {
          s = e.toString();
        }
        throw new AssertionError("not within " + BUDGET + ": " + what + "\n" + s + "\n" + logs());
      }
      Thread.sleep(500);
    }
  }

  private Duration remaining(Duration max) {
    long left = deadline - System.nanoTime();
    return Duration.ofNanos(Math.max(1_000_000_000L, Math.min(left, max.toNanos())));
  }

  private String logs() {
    StringBuilder b = new StringBuilder();
    for (int i = 1; i <= 3; i++) {
      try {
        b.append("--- node ")
            .append(i)
            .append(" log:\n")
            .append(Files.exists(log(i)) ? Files.readString(log(i)) : "(none)");
      } catch (IOException e) {
        b.append(e.getMessage());
      }
    }
    return b.toString();
  }
}
