package ai.kiana.bench;

import ai.kiana.ai.chat.Answerer;
import ai.kiana.ai.chat.ChatSettings;
import ai.kiana.ai.retrieval.Retriever;
import ai.kiana.core.block.BlockDraft;
import ai.kiana.core.json.Json;
import ai.kiana.server.http.HttpApi;
import ai.kiana.server.node.DataDir;
import ai.kiana.server.node.Node;
import ai.kiana.server.node.NodeConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The chat targets of issue 4, through the real node and its HTTP API on loopback:
 *
 * <ul>
 *   <li>time to the first streamed token of {@code POST /api/v1/chat} with the extractive backend,
 *       over a store of typical facts, beside one {@code GET /healthz} round trip;
 *   <li>KI_ana's overhead on top of an OpenAI-compatible backend: a local fake server that streams
 *       a fixed answer at once, called directly, then through {@code POST /api/v1/chat} (retrieval,
 *       filter, two signed chat blocks stored) and through KI_ana's own {@code POST
 *       /v1/chat/completions} (no storage), all in the same run.
 * </ul>
 *
 * <p>Usage: {@code ChatBench [--quick]}; {@code --quick} only proves the code runs.
 */
public final class ChatBench {

  static final double TARGET_TTFT_MS = 150;
  static final double TARGET_OVERHEAD_MS = 10;

  record Config(int facts, int warmup, int samples) {
    static final Config DEFAULT = new Config(5_000, 30, 200);
    static final Config QUICK = new Config(50, 2, 5);
  }

  private static final String[] SUBJECTS = {
    "Der Rhein",
    "The Everest",
    "Paris",
    "My bike",
    "The garden",
    "Die Nordsee",
    "Basel",
    "The kitchen",
    "Der Zug",
    "The printer"
  };
  private static final String[] PREDICATES = {
    "is 1233 km long", "needs water every evening", "ist sehr alt", "has a red door",
    "liegt im Norden", "was repaired in May", "costs 30 euros", "opens at nine"
  };

  private final Config config;
  private List<String> tokens; // on the node of the table being measured, used in turn
  private int calls;

  /** The next account's token: chat is rate-limited per account (see BenchLogin.chatTokens). */
  private String token() {
    return tokens.get(calls++ % tokens.size());
  }

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  ChatBench(Config config) {
    this.config = config;
  }

  public static void main(String[] args) {
    boolean quick = Bench.quick(args);
    Bench.quietLogs();
    // The JDK's HttpServer leaves Nagle on; with delayed ACKs every flushed chunk of the fake
    // backend would then wait up to 40 ms, and that wait, not KI_ana, would dominate the figures.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    Bench.header(System.out, "ChatBench");
    new ChatBench(quick ? Config.QUICK : Config.DEFAULT)
        .run()
        .forEach(t -> System.out.println(t.render()));
  }

  List<Table> run() {
    try (FakeOpenAi fake = new FakeOpenAi(20)) {
      Path dir = Bench.tempDir("kiana-chat-bench");
      try {
        return List.of(
            extractive(dir.resolve("extractive")), overhead(dir.resolve("openai"), fake));
      } finally {
        Bench.deleteTree(dir);
        http.close();
      }
    }
  }

  private Table extractive(Path dir) {
    try (Node node = Node.open(config(dir, ChatSettings.extractive()));
        HttpApi api = HttpApi.start(node)) {
      tokens = BenchLogin.chatTokens(node, 15);
      teach(node);
      URI base = URI.create("http://127.0.0.1:" + api.port());
      long[] health = sample(() -> firstAndLast(get(base.resolve("/healthz")), null, null));
      long[][] chat =
          samples(
              () ->
                  firstAndLast(
                      chatRequest(base, "How long is Der Rhein?"), "event: token", "event: done"));
      Measure.Latency h = Measure.latency(health);
      Measure.Latency first = Measure.latency(chat[0]);
      Measure.Latency done = Measure.latency(chat[1]);
      Table t =
          new Table(
              "Time to first token, extractive backend, "
                  + config.facts()
                  + " facts in SQLite ("
                  + config.samples()
                  + " questions)",
              Table.left("measurement"),
              Table.right("p50"),
              Table.right("p99"),
              Table.right("vs /healthz p50"),
              Table.left("target"),
              Table.left("met"));
      t.row("GET /healthz round trip (baseline)", ms(h.p50()), ms(h.p99()), "1.0x", "", "");
      t.row(
          "POST /api/v1/chat, first token",
          ms(first.p50()),
          ms(first.p99()),
          Table.ratio(first.p50(), h.p50()),
          "<= " + (int) TARGET_TTFT_MS + " ms",
          first.p50() / 1e6 <= TARGET_TTFT_MS ? "yes" : "NO");
      t.row(
          "POST /api/v1/chat, done",
          ms(done.p50()),
          ms(done.p99()),
          Table.ratio(done.p50(), h.p50()),
          "",
          "");
      t.note(
          "retrieval: the node's hybrid search (question embedded by the bundled model, BM25 + HNSW)");
      return t;
    }
  }

  private Table overhead(Path dir, FakeOpenAi fake) {
    ChatSettings openai =
        new ChatSettings("openai", "fake", fake.url(), null, Duration.ofSeconds(10));
    try (Node node = Node.open(config(dir, openai));
        HttpApi api = HttpApi.start(node)) {
      tokens = BenchLogin.chatTokens(node, 15);
      teach(node);
      URI base = URI.create("http://127.0.0.1:" + api.port());
      String question = "How long is Der Rhein?";
      // Interleaved, one request of each path in turn, so a burst of background load hits the
      // baseline and both paths through KI_ana alike.
      long[][][] paths =
          interleaved(
              () ->
                  firstAndLast(
                      openAiRequest(
                          URI.create(fake.url() + "/v1/chat/completions"), question, null),
                      "data: {",
                      "data: [DONE]"),
              () -> firstAndLast(chatRequest(base, question), "event: token", "event: done"),
              () ->
                  firstAndLast(
                      openAiRequest(base.resolve("/v1/chat/completions"), question, token()),
                      "data: {",
                      "data: [DONE]"));
      long[][] direct = paths[0];
      long[][] viaChat = paths[1];
      long[][] viaV1 = paths[2];
      Table t =
          new Table(
              "KI_ana's overhead on an OpenAI-compatible backend (fake server streaming 20 chunks at once, "
                  + config.samples()
                  + " questions)",
              Table.left("path"),
              Table.right("first token p50"),
              Table.right("done p50"),
              Table.right("done p99"),
              Table.right("overhead p50"),
              Table.left("target"),
              Table.left("met"));
      double d = Measure.latency(direct[1]).p50();
      t.row(
          "fake backend called directly (baseline)",
          ms(Measure.latency(direct[0]).p50()),
          ms(d),
          ms(Measure.latency(direct[1]).p99()),
          "",
          "",
          "");
      row(t, "POST /api/v1/chat (stores 2 chat blocks)", viaChat, d);
      row(t, "POST /v1/chat/completions (KI_ana's OpenAI API)", viaV1, d);
      Retriever retriever = node.retriever();
      long[] retrieval =
          sample(
              () -> {
                long start = System.nanoTime();
                Measure.consume(retriever.search(question, Answerer.DEFAULT_RETRIEVED));
                long took = System.nanoTime() - start;
                return new long[] {took, took};
              });
      t.row(
          "of which: retrieval alone (embedding + hybrid search)",
          "",
          ms(Measure.latency(retrieval).p50()),
          ms(Measure.latency(retrieval).p99()),
          "",
          "",
          "");
      t.note("overhead = p50 time to the end of the answer through KI_ana minus the same directly");
      return t;
    }
  }

  private static void row(Table t, String name, long[][] s, double baseline) {
    double done = Measure.latency(s[1]).p50();
    double overheadMs = (done - baseline) / 1e6;
    t.row(
        name,
        ms(Measure.latency(s[0]).p50()),
        ms(done),
        ms(Measure.latency(s[1]).p99()),
        String.format(Locale.ROOT, "%.2f ms", overheadMs),
        "<= " + (int) TARGET_OVERHEAD_MS + " ms",
        overheadMs <= TARGET_OVERHEAD_MS ? "yes" : "NO");
  }

  private void teach(Node node) {
    Random random = new Random(42);
    List<BlockDraft> drafts = new ArrayList<>();
    for (int i = 0; i < config.facts(); i++) {
      drafts.add(
          BlockDraft.fact(
              SUBJECTS[random.nextInt(SUBJECTS.length)]
                  + " "
                  + PREDICATES[random.nextInt(PREDICATES.length)]
                  + " (note "
                  + i
                  + ")."));
    }
    node.knowledge().addAll(drafts);
  }

  private static NodeConfig config(Path dir, ChatSettings chat) {
    return new NodeConfig(
        dir,
        "127.0.0.1",
        0,
        DataDir.defaultJdbcUrl(dir),
        null,
        null,
        NodeConfig.DEFAULT_MAX_BODY_BYTES,
        null,
        chat);
  }

  private HttpRequest chatRequest(URI base, String question) {
    return HttpRequest.newBuilder(base.resolve("/api/v1/chat"))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + token())
        .POST(
            HttpRequest.BodyPublishers.ofString(
                Json.mapper().createObjectNode().put("message", question).toString()))
        .build();
  }

  /** {@code token}: KI_ana's own /v1 needs a login; the fake backend gets none. */
  private static HttpRequest openAiRequest(URI uri, String question, String token) {
    String body =
        "{\"model\":\"kiana\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":"
            + Json.mapper().valueToTree(question)
            + "}]}";
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return request.build();
  }

  private static HttpRequest get(URI uri) {
    return HttpRequest.newBuilder(uri).GET().build();
  }

  private interface Sample {
    long[] take();
  }

  private long[] sample(Sample s) {
    return samples(s)[0];
  }

  /** {@link #samples} of each in turn: [which][0 = first marker, 1 = last][sample]. */
  private long[][][] interleaved(Sample... each) {
    for (int i = 0; i < config.warmup(); i++) {
      for (Sample s : each) {
        s.take();
      }
    }
    long[][][] out = new long[each.length][2][config.samples()];
    for (int i = 0; i < config.samples(); i++) {
      for (int k = 0; k < each.length; k++) {
        long[] r = each[k].take();
        out[k][0][i] = r[0];
        out[k][1][i] = r[1];
      }
    }
    return out;
  }

  /** [0] = nanos to the first marker line, [1] = nanos to the last, per sample. */
  private long[][] samples(Sample s) {
    for (int i = 0; i < config.warmup(); i++) {
      s.take();
    }
    long[] first = new long[config.samples()];
    long[] last = new long[config.samples()];
    for (int i = 0; i < config.samples(); i++) {
      long[] r = s.take();
      first[i] = r[0];
      last[i] = r[1];
    }
    return new long[][] {first, last};
  }

  /**
   * Sends, and reads the streamed body line by line: nanos until a line starting with {@code first}
   * and until one starting with {@code last} (null: the end of the body).
   */
  private long[] firstAndLast(HttpRequest request, String first, String last) {
    long start = System.nanoTime();
    try {
      HttpResponse<InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("HTTP " + r.statusCode() + " from " + request.uri());
      }
      long firstAt = first == null ? System.nanoTime() : -1;
      long lastAt = -1;
      try (BufferedReader in =
          new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          if (firstAt < 0 && line.startsWith(first)) {
            firstAt = System.nanoTime();
          }
          if (last != null && lastAt < 0 && line.startsWith(last)) {
            lastAt = System.nanoTime();
          }
        }
      }
      long end = System.nanoTime();
      if (firstAt < 0 || (last != null && lastAt < 0)) {
        throw new IllegalStateException(
            "the stream from " + request.uri() + " lacked '" + first + "' or '" + last + "'");
      }
      return new long[] {firstAt - start, (last == null ? end : lastAt) - start};
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String ms(double nanos) {
    return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
  }
}
