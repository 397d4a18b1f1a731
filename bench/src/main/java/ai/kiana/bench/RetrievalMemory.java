package ai.kiana.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * RetrievalBench's memory tables: this benchmark process's own (which also holds every vector for
 * the brute-force scan), and what a user gets, a node's search side in a JVM of its own.
 */
final class RetrievalMemory {

  private final PrintStream out;

  RetrievalMemory(PrintStream out) {
    this.out = out;
  }

  void ofThisProcess(int chunks) {
    System.gc();
    Runtime rt = Runtime.getRuntime();
    long heap = rt.totalMemory() - rt.freeMemory();
    long rss = rssBytes("VmRSS:");
    long anon = rssBytes("RssAnon:");
    long file = rssBytes("RssFile:");
    new Table(
            "Memory of this benchmark process (model, store and index of "
                + Table.rate(chunks)
                + " chunks open, plus every vector and block for the brute-force scan)",
            Table.left("measurement"),
            Table.right("MiB"))
        .row("heap in use after GC", heap >> 20)
        .row("resident set (VmRSS)", rss < 0 ? "n/a" : rss >> 20)
        .row("  of it private (RssAnon: heap, model, native)", anon < 0 ? "n/a" : anon >> 20)
        .row("  of it mapped files (RssFile: index, jars)", file < 0 ? "n/a" : file >> 20)
        .note(
            "a node holds no vectors or blocks in its heap: the 1 GiB target is judged on the next table")
        .print(out);
  }

  /**
   * The resident memory a user gets: the search side of a node ({@link NodeMemoryProbe}) in a JVM
   * of its own over the store and index just built, once with the JVM's own defaults (what ./kiana
   * start runs with) and once with a bounded heap and the serial collector, after 2 x 100 questions
   * (embedding included).
   */
  void ofNode(Path dir, int chunks) throws IOException {
    Table t =
        new Table(
            "Resident memory of a separate JVM with model, store and "
                + Table.rate(chunks)
                + " chunks' index open, after 200 questions (NodeMemoryProbe)",
            Table.left("JVM options"),
            Table.right("VmRSS MiB"),
            Table.right("RssAnon"),
            Table.right("RssFile"),
            Table.right("heap committed"),
            Table.right("query p50"),
            Table.right("query p99"),
            Table.left("target"),
            Table.left("met"));
    for (String opts : List.of("", BOUNDED_OPTS)) {
      List<String> cmd = new ArrayList<>();
      cmd.add(ProcessHandle.current().info().command().orElse("java"));
      if (!opts.isEmpty()) {
        cmd.addAll(List.of(opts.split(" ")));
      }
      if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
        cmd.addAll(List.of("--add-modules", "jdk.incubator.vector")); // as ./kiana start does
      }
      cmd.addAll(
          List.of(
              "--enable-native-access=ALL-UNNAMED",
              "-cp",
              System.getProperty("java.class.path"),
              NodeMemoryProbe.class.getName(),
              dir.resolve("k.db").toString(),
              dir.resolve("index").toString(),
              dir.resolve("questions.txt").toString()));
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String line;
      try (var in = p.inputReader()) {
        line = in.lines().filter(l -> l.startsWith("rss=")).findFirst().orElse("");
      }
      java.util.Map<String, Long> v = new java.util.HashMap<>();
      for (String kv : line.split(" ")) {
        String[] parts = kv.split("=");
        if (parts.length == 2) {
          v.put(parts[0], Long.parseLong(parts[1]));
        }
      }
      String name = opts.isEmpty() ? "(none: the JVM's defaults, as ./kiana start)" : opts;
      if (v.size() < 6) {
        t.row(name, "failed", "", "", "", "", "", "", "");
        continue;
      }
      t.row(
          name,
          v.get("rss") >> 20,
          v.get("anon") >> 20,
          v.get("file") >> 20,
          v.get("heap") >> 20,
          RetrievalBench.ms(v.get("p50")),
          RetrievalBench.ms(v.get("p99")),
          "<= 1024",
          RetrievalBench.met(v.get("rss") <= 1L << 30));
    }
    t.note(
        "query = HybridRetriever.search incl. the question's embedding; the baseline is the first row");
    t.print(out);
  }

  /** A bounded alternative to the JVM's defaults (KIANA_JAVA_OPTS can pass it to ./kiana). */
  static final String BOUNDED_OPTS = "-Xmx512m -XX:+UseSerialGC -XX:MaxDirectMemorySize=256m";

  static long rssBytes(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: reported as n/a
    }
    return -1;
  }

  // ---- data ----
}
