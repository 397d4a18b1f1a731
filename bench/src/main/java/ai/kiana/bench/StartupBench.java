package ai.kiana.bench;

import ai.kiana.server.http.HttpApi;
import ai.kiana.server.node.Node;
import ai.kiana.server.node.NodeConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How long until a node answers {@code GET /readyz} with 200: in this JVM ({@code Node.open} plus
 * {@link HttpApi#start}) on fresh and existing data directories, and as a real cold start of the
 * launcher's command line in a new JVM. The baseline is the JDK's own HTTP server doing the same
 * ({@link PlainReadyServer}), timed the same way in the same run.
 *
 * <p>Usage: {@code StartupBench [--quick]}. Run from the checkout root, or set {@code
 * -Dkiana.root=<dir>}, for the launcher rows; they are skipped when {@code cli/target} is not
 * built.
 */
public final class StartupBench {

  static final long TARGET_LAUNCHER_NANOS = 2_000_000_000L;

  /** Polls come this often while the server is not yet answering. */
  static final Duration POLL_INTERVAL = Duration.ofMillis(5);

  static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  /**
   * @param runs in-process runs per row after the first (JVM-cold) one
   * @param launches cold starts of a new JVM per row
   */
  record Config(int runs, int launches) {
    static final Config DEFAULT = new Config(5, 3);
    static final Config QUICK = new Config(1, 1);
  }

  private final Config config;
  private final PrintStream out;
  private final Path root;

  StartupBench(Config config, PrintStream out, Path root) {
    this.config = config;
    this.out = out;
    this.root = root;
  }

  public static void main(String[] args) throws Exception {
    Bench.quietLogs();
    Config config = Bench.quick(args) ? Config.QUICK : Config.DEFAULT;
    Bench.header(System.out, "StartupBench");
    Path root = Path.of(System.getProperty("kiana.root", "")).toAbsolutePath();
    new StartupBench(config, System.out, root).run();
  }

  List<Table> run() throws Exception {
    Path scratch = Bench.tempDir("kiana-startupbench-");
    try {
      List<Table> tables = new ArrayList<>();
      tables.add(inProcess(scratch));
      tables.add(launcher(scratch));
      tables.forEach(t -> t.print(out));
      return tables;
    } finally {
      Bench.deleteTree(scratch);
    }
  }

  private Table inProcess(Path scratch) throws Exception {
    // The first of each pays class loading and JIT for its code: the cold cost of a first start.
    long plainFirst = plainToReady();
    long nodeFirst = nodeToReady(scratch.resolve("first"));
    long[] plain = new long[config.runs()];
    long[] fresh = new long[config.runs()];
    long[] existing = new long[config.runs()];
    for (int i = 0; i < config.runs(); i++) {
      Path dir = scratch.resolve("run-" + i);
      plain[i] = plainToReady();
      fresh[i] = nodeToReady(dir); // creates the key and the database
      existing[i] = nodeToReady(dir); // loads both
    }
    double plainWarm = Measure.median(toDoubles(plain));
    Table table =
        new Table(
            "Start to first 200 from GET /readyz, in this JVM (ratio to the JDK HttpServer baseline, same run)",
            Table.left("what"),
            Table.right("runs"),
            Table.right("median"),
            Table.right("min..max"),
            Table.left("baseline"),
            Table.right("ratio"));
    table.row(
        "plain JDK HttpServer + HttpClient, first in JVM",
        1,
        Table.nanos(plainFirst),
        null,
        "-",
        null);
    table.row(
        "Node.open + HttpApi.start, fresh dir, first in JVM",
        1,
        Table.nanos(nodeFirst),
        null,
        "plain, first in JVM",
        Table.ratio(nodeFirst, plainFirst));
    row(table, "plain JDK HttpServer + HttpClient, warm", plain, "-", 0);
    row(
        table,
        "Node.open + HttpApi.start, fresh dir (new key, new db)",
        fresh,
        "plain, warm",
        plainWarm);
    row(table, "Node.open + HttpApi.start, existing dir", existing, "plain, warm", plainWarm);
    table.note(
        "each run: open/start, new HttpClient, poll loopback until 200, then close everything;"
            + " warm rows interleave plain, fresh, existing");
    return table;
  }

  private Table launcher(Path scratch) throws Exception {
    Table table =
        new Table(
            "Cold start of a new JVM to first 200 from GET /readyz (ratio to a JVM running the plain JDK HttpServer)",
            Table.left("command"),
            Table.right("runs"),
            Table.right("median"),
            Table.right("min..max"),
            Table.right("to 'listening'"),
            Table.right("ratio"),
            Table.left("target"),
            Table.left("met"));
    Path jar = root.resolve("cli/target/kiana-cli.jar");
    Path lib = root.resolve("cli/target/lib");
    if (!Files.isRegularFile(jar) || !Files.isDirectory(lib)) {
      table.note(
          "skipped: "
              + jar
              + " or "
              + lib
              + " is missing; build the cli (./kiana builds it) and run from"
              + " the checkout root or with -Dkiana.root=<dir>");
      return table;
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String benchClasses =
        Path.of(PlainReadyServer.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .toString();
    String classPath = jar + ":" + lib + "/*";
    // The launcher's class-data archive: one per command, made by the first run that finds none
    // (dumped when that JVM exits). Here it lives in the scratch directory, so every benchmark run
    // starts without one; one untimed priming run creates it.
    Path archive = scratch.resolve("kiana-cds-start.jsa");
    List<String> cds = cdsOptions(archive);
    Launch.run(kianaStart(java, cds, classPath, scratch.resolve("launch-priming")));
    boolean archived = Files.isRegularFile(archive);
    List<Launch> plain = new ArrayList<>();
    List<Launch> fresh = new ArrayList<>();
    List<Launch> existing = new ArrayList<>();
    List<Launch> freshCds = new ArrayList<>();
    List<Launch> existingCds = new ArrayList<>();
    for (int i = 0; i < config.launches(); i++) {
      Path dir = scratch.resolve("launch-" + i);
      Path cdsDir = scratch.resolve("launch-cds-" + i);
      plain.add(
          Launch.run(
              List.of(
                  java, "-Xshare:auto", "-cp", benchClasses, PlainReadyServer.class.getName())));
      List<String> kiana = kianaStart(java, List.of(), classPath, dir);
      fresh.add(Launch.run(kiana));
      existing.add(Launch.run(kiana));
      List<String> kianaCds = kianaStart(java, cds, classPath, cdsDir);
      freshCds.add(Launch.run(kianaCds));
      existingCds.add(Launch.run(kianaCds));
    }
    double plainMedian = Launch.median(plain);
    launchRow(table, "java PlainReadyServer (JVM + JDK HttpServer)", plain, 0, 0);
    launchRow(
        table,
        "java ... ai.kiana.cli.Main start --port 0, fresh dir",
        fresh,
        plainMedian,
        TARGET_LAUNCHER_NANOS);
    launchRow(
        table,
        "java ... ai.kiana.cli.Main start --port 0, existing dir",
        existing,
        plainMedian,
        TARGET_LAUNCHER_NANOS);
    launchRow(
        table,
        "  same with the launcher's CDS archive, fresh dir",
        freshCds,
        plainMedian,
        TARGET_LAUNCHER_NANOS);
    launchRow(
        table,
        "  same with the launcher's CDS archive, existing dir",
        existingCds,
        plainMedian,
        TARGET_LAUNCHER_NANOS);
    table.note(
        "from ProcessBuilder.start() to the first 200 (the 'listening' column: to the printed URL);"
            + " same java, -Xshare:auto, --enable-native-access=ALL-UNNAMED as ./kiana uses; rows interleaved");
    table.note(
        "CDS rows add -XX:SharedArchiveFile=<scratch>/"
            + archive.getFileName()
            + " -XX:+AutoCreateSharedArchive (as ./kiana does for 'start'),"
            + " after one untimed priming run that dumps the archive"
            + (archived
                ? ""
                : "; WARNING: the priming run left no archive, so these rows ran without one"));
    return table;
  }

  /** The JVM options ./kiana adds on JDK 19+ for a command's class-data archive. */
  static List<String> cdsOptions(Path archive) {
    return List.of(
        "-XX:SharedArchiveFile=" + archive,
        "-XX:+AutoCreateSharedArchive",
        "-Xlog:cds=off",
        "-Xlog:cds+dynamic=off");
  }

  private static List<String> kianaStart(
      String java, List<String> jvmOptions, String classPath, Path dataDir) {
    List<String> command =
        new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xshare:auto"));
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-cp",
            classPath,
            "ai.kiana.cli.Main",
            "start",
            "--data-dir",
            dataDir.toString(),
            "--port",
            "0"));
    return command;
  }

  private static void row(
      Table table, String what, long[] nanos, String baseline, double baselineNanos) {
    double median = Measure.median(toDoubles(nanos));
    long min = Arrays.stream(nanos).min().orElseThrow();
    long max = Arrays.stream(nanos).max().orElseThrow();
    table.row(
        what,
        nanos.length,
        Table.nanos(median),
        Table.nanos(min) + ".." + Table.nanos(max),
        baseline,
        baselineNanos > 0 ? Table.ratio(median, baselineNanos) : null);
  }

  private static void launchRow(
      Table table, String what, List<Launch> launches, double baselineNanos, long target) {
    double median = Launch.median(launches);
    double listening =
        Measure.median(launches.stream().mapToDouble(Launch::toListeningNanos).toArray());
    double min = launches.stream().mapToLong(Launch::toReadyNanos).min().orElseThrow();
    double max = launches.stream().mapToLong(Launch::toReadyNanos).max().orElseThrow();
    table.row(
        what,
        launches.size(),
        Table.nanos(median),
        Table.nanos(min) + ".." + Table.nanos(max),
        Table.nanos(listening),
        baselineNanos > 0 ? Table.ratio(median, baselineNanos) : "-",
        target > 0 ? "< " + Table.nanos(target) : null,
        target > 0 ? (median < target ? "yes" : "MISSED") : null);
  }

  /** Nanoseconds from starting the JDK server to its first 200, including a new HttpClient. */
  private static long plainToReady() throws Exception {
    long start = System.nanoTime();
    try (PlainReadyServer server = PlainReadyServer.start()) {
      awaitReady(server.baseUrl());
      return System.nanoTime() - start;
    }
  }

  /**
   * Nanoseconds from {@code Node.open} to the first 200 from its API, including a new HttpClient.
   */
  private static long nodeToReady(Path dataDir) throws Exception {
    long start = System.nanoTime();
    try (Node node = Node.open(NodeConfig.defaults(dataDir).withPort(0));
        HttpApi api = HttpApi.start(node)) {
      awaitReady("http://" + node.config().host() + ":" + api.port());
      return System.nanoTime() - start;
    }
  }

  /**
   * Polls {@code baseUrl/readyz} with a fresh client until it answers 200.
   *
   * @throws IllegalStateException if it does not within {@link #READY_TIMEOUT}
   */
  static void awaitReady(String baseUrl) throws InterruptedException {
    URI uri = URI.create(baseUrl + "/readyz");
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    String last = "no answer";
    try (HttpClient client =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
      HttpRequest request =
          HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build();
      while (System.nanoTime() < deadline) {
        try {
          HttpResponse<String> response =
              client.send(request, HttpResponse.BodyHandlers.ofString());
          if (response.statusCode() == 200) {
            return;
          }
          last = "status " + response.statusCode() + ": " + response.body();
        } catch (IOException e) {
          last = e.toString();
        }
        Thread.sleep(POLL_INTERVAL);
      }
    }
    throw new IllegalStateException(
        uri + " did not answer 200 within " + READY_TIMEOUT + "; last: " + last);
  }

  private static double[] toDoubles(long[] values) {
    return Arrays.stream(values).asDoubleStream().toArray();
  }
}
