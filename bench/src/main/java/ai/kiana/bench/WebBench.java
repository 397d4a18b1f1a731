package ai.kiana.bench;

import ai.kiana.core.block.BlockDraft;
import ai.kiana.core.block.BlockType;
import ai.kiana.core.block.Scope;
import ai.kiana.core.json.Json;
import ai.kiana.server.http.HttpApi;
import ai.kiana.server.node.Node;
import ai.kiana.server.node.NodeConfig;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the web app waits for: the latency of the block viewer's API pages on a node holding many
 * blocks (100,000 by default), and of the app's own files, each against {@code GET /healthz} (the
 * cheapest answer the same server gives) measured in the same run. Requests go one at a time over
 * loopback with the JDK HttpClient, the way one browser tab asks; percentiles over all samples.
 */
public final class WebBench {

  record Config(int blocks, int warmup, int samples) {
    static final Config DEFAULT = new Config(100_000, 100, 400);
    static final Config QUICK = new Config(2_000, 5, 20);
  }

  private static final int PAGE = 50;
  private static final int TAGS = 20;
  private static final int BATCH = 1_000;

  private final Config config;
  private String token; // the creator's on the measured node
  private final PrintStream out;

  WebBench(Config config, PrintStream out) {
    this.config = config;
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    Bench.quietLogs();
    Config config = Bench.quick(args) ? Config.QUICK : Config.DEFAULT;
    Bench.header(System.out, "WebBench");
    new WebBench(config, System.out).run();
  }

  Table run() throws Exception {
    Path scratch = Bench.tempDir("kiana-webbench-");
    try (Node node = Node.open(NodeConfig.defaults(scratch).withPort(0));
        HttpApi api = HttpApi.start(node);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
      token = BenchLogin.creatorToken(node);
      long fillStart = System.nanoTime();
      fill(node);
      long fill = System.nanoTime() - fillStart;
      String base = "http://127.0.0.1:" + api.port();
      Map<String, String> cases = cases(http, base);
      Map<String, double[]> samples = measure(http, base, cases);
      double baseline = percentile(samples.get("GET /healthz (baseline)"), 50);
      Table table =
          new Table(
              "Web app requests on a node with "
                  + String.format("%,d", config.blocks())
                  + " blocks, one at a time over loopback ("
                  + config.samples()
                  + " samples each; ratio of p50 to /healthz p50, same run)",
              Table.left("request"),
              Table.right("p50"),
              Table.right("p95"),
              Table.right("max"),
              Table.right("ratio"));
      samples.forEach(
          (name, s) ->
              table.row(
                  name,
                  Table.nanos(percentile(s, 50)),
                  Table.nanos(percentile(s, 95)),
                  Table.nanos(percentile(s, 100)),
                  Table.ratio(percentile(s, 50), baseline)));
      table.note(
          "filling the store (KnowledgeBase.addAll, " + BATCH + " a batch): " + Table.nanos(fill));
      table.note("target: block list page p50 <= 50 ms with 100,000 blocks");
      table.print(out);
      return table;
    } finally {
      Bench.deleteTree(scratch);
    }
  }

  /** Facts and notes alternating, with one of TAGS tags each, so filters pick real subsets. */
  private void fill(Node node) {
    for (int start = 0; start < config.blocks(); start += BATCH) {
      List<BlockDraft> drafts = new ArrayList<>(BATCH);
      for (int n = start; n < Math.min(config.blocks(), start + BATCH); n++) {
        BlockDraft typical = TypicalBlocks.draft(n);
        drafts.add(
            new BlockDraft(
                n % 2 == 0 ? BlockType.FACT : BlockType.NOTE,
                typical.title(),
                typical.content(),
                "en",
                List.of("tag" + (n % TAGS)),
                null,
                List.of(),
                Scope.PRIVATE));
      }
      node.knowledge().addAll(drafts);
    }
  }

  private Map<String, String> cases(HttpClient http, String base) throws Exception {
    JsonNode first = get(http, base + "/api/v1/blocks?limit=" + PAGE);
    String someId = first.get("blocks").get(0).get("id").asText();
    // The cursor 20 pages deep, as a user scrolling the viewer reaches it.
    String cursor = first.get("next").asText();
    for (int i = 1; i < 20 && cursor != null; i++) {
      JsonNode page = get(http, base + "/api/v1/blocks?limit=" + PAGE + "&cursor=" + cursor);
      cursor = page.get("next").isNull() ? null : page.get("next").asText();
    }
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("GET /healthz (baseline)", "/healthz");
    cases.put("GET / (app shell)", "/");
    cases.put("GET /app/main.js", "/app/main.js");
    cases.put("block list, first page of " + PAGE, "/api/v1/blocks?limit=" + PAGE);
    if (cursor != null) {
      cases.put(
          "block list, page 21 (cursor)", "/api/v1/blocks?limit=" + PAGE + "&cursor=" + cursor);
    }
    cases.put("block list, type=fact", "/api/v1/blocks?limit=" + PAGE + "&type=fact");
    cases.put("block list, tag=tag7", "/api/v1/blocks?limit=" + PAGE + "&tag=tag7");
    cases.put(
        "block list, date range",
        "/api/v1/blocks?limit=" + PAGE + "&from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z");
    cases.put(
        "block list, text q in every block",
        "/api/v1/blocks?limit=" + PAGE + "&q=Stra%C3%9Fenfest");
    // A word in one block only: the text filter has to look at every block to fill the page.
    cases.put(
        "block list, text q matching 1 block",
        "/api/v1/blocks?limit=" + PAGE + "&q=%28" + (config.blocks() / 3) + "%29");
    cases.put("block detail (view + verify)", "/api/v1/blocks/" + someId);
    cases.put("GET /api/v1/stats", "/api/v1/stats");
    return cases;
  }

  /** Rounds over all cases in turn, so a disturbance hits every case alike. */
  private Map<String, double[]> measure(HttpClient http, String base, Map<String, String> cases)
      throws Exception {
    Map<String, double[]> samples = new LinkedHashMap<>();
    cases.keySet().forEach(k -> samples.put(k, new double[config.samples()]));
    List<Map.Entry<String, String>> list = List.copyOf(cases.entrySet());
    for (int round = -config.warmup(); round < config.samples(); round++) {
      for (Map.Entry<String, String> c : list) {
        HttpRequest request =
            HttpRequest.newBuilder(URI.create(base + c.getValue()))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build();
        long start = System.nanoTime();
        HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        long took = System.nanoTime() - start;
        if (r.statusCode() != 200) {
          throw new IllegalStateException(c.getKey() + " answered " + r.statusCode());
        }
        Measure.consume(r.body());
        if (round >= 0) {
          samples.get(c.getKey())[round] = took;
        }
      }
    }
    return samples;
  }

  private JsonNode get(HttpClient http, String url) throws Exception {
    HttpResponse<byte[]> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(url + " answered " + r.statusCode());
    }
    return Json.parse(r.body());
  }

  static double percentile(double[] values, int p) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
