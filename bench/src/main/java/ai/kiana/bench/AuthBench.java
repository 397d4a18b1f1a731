package ai.kiana.bench;

import ai.kiana.server.auth.AuthService;
import ai.kiana.server.auth.PasswordHasher;
import ai.kiana.server.http.HttpApi;
import ai.kiana.server.node.DataDir;
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
import java.util.List;
import java.util.Locale;

/**
 * What security costs: (a) the authorisation a request goes through (bearer token verified, account
 * looked up, permission checked) as the difference between the same route called with and without a
 * token, over loopback HTTP on a real node, and the token check alone in-process; (b) argon2id
 * hashing at candidate parameters, to tune {@link PasswordHasher#DEFAULT} to 100–300 ms per login.
 *
 * <p>Usage: {@code AuthBench [--quick]}; {@code --quick} only proves the code runs.
 */
public final class AuthBench {

  record Config(Measure.Settings http, int hashSamples, List<PasswordHasher> candidates) {
    static final Config DEFAULT =
        new Config(
            new Measure.Settings(3, 7, Duration.ofMillis(400)),
            5,
            List.of(
                new PasswordHasher(19 * 1024, 2, 1),
                new PasswordHasher(32 * 1024, 2, 1),
                new PasswordHasher(32 * 1024, 3, 1),
                new PasswordHasher(64 * 1024, 3, 1)));
    static final Config QUICK =
        new Config(Measure.Settings.QUICK, 1, List.of(new PasswordHasher(1024, 1, 1)));
  }

  private final Config config;
  private final PrintStream out;

  AuthBench(Config config, PrintStream out) {
    this.config = config;
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    Bench.quietLogs();
    Config config = Bench.quick(args) ? Config.QUICK : Config.DEFAULT;
    Bench.header(System.out, "AuthBench");
    new AuthBench(config, System.out).run();
  }

  List<Table> run() throws Exception {
    List<Table> tables = List.of(authorisation(), argon2());
    tables.forEach(t -> t.print(out));
    return tables;
  }

  // ---------------------------------------------------------------- (a) per request

  private Table authorisation() throws Exception {
    Path dir = Files.createTempDirectory("kiana-authbench");
    NodeConfig nc =
        new NodeConfig(
            dir,
            "127.0.0.1",
            0,
            DataDir.defaultJdbcUrl(dir),
            null,
            null,
            NodeConfig.DEFAULT_MAX_BODY_BYTES);
    try (Node node = Node.open(nc);
        HttpApi api = HttpApi.start(node);
        HttpClient http = HttpClient.newHttpClient()) {
      AuthService auth = node.security().auth();
      String token = BenchLogin.creatorToken(node);
      URI health = URI.create("http://127.0.0.1:" + api.port() + "/healthz");
      HttpRequest plain = HttpRequest.newBuilder(health).GET().build();
      HttpRequest bearer =
          HttpRequest.newBuilder(health).header("Authorization", "Bearer " + token).GET().build();
      List<Measure.Rate> rates =
          Measure.interleaved(
              config.http(),
              List.of(
                  new Measure.Case("GET /healthz, no token", 1, () -> send(http, plain)),
                  new Measure.Case("GET /healthz, bearer token", 1, () -> send(http, bearer)),
                  new Measure.Case(
                      "token check alone (in-process)",
                      1,
                      () -> auth.authenticate(token).isPresent() ? 1 : 0),
                  new Measure.Case(
                      "checks after the token (in-process)", 1, () -> afterToken(node))));
      double base = rates.get(0).nanosPerItem();
      double withAuth = rates.get(1).nanosPerItem();
      Table t =
          new Table(
              "Authorisation per request (loopback HTTP, one client thread, medians)",
              Table.left("measurement"),
              Table.right("per request"),
              Table.right("vs no token"));
      t.row("GET /healthz, no token", Table.nanos(base), "1.00x");
      t.row("GET /healthz, bearer token", Table.nanos(withAuth), Table.ratio(withAuth, base));
      t.row("token check alone (in-process)", Table.nanos(rates.get(2).nanosPerItem()), "");
      t.row(
          "permission, scopes, device/address lists (in-process)",
          Table.nanos(rates.get(3).nanosPerItem()),
          "");
      t.note(
          String.format(
              Locale.ROOT,
              "authorisation adds %.3f ms per request (target <= 0.2 ms): token (HS256 verify on"
                  + " first sight, then the verified-token cache) + account lookup + the checks",
              Math.max(0, withAuth - base) / 1e6));
      return t;
    } finally {
      deleteTree(dir);
    }
  }

  /** What the guard does once it knows the account (AccessGuard.check after authenticate). */
  private static long afterToken(Node node) {
    var security = node.security();
    boolean ok =
        security.addresses().permits("127.0.0.1")
            && security.addresses().permitsAccount("creator")
            && ai.kiana.server.access.PermissionMatrix.allows(
                ai.kiana.core.ledger.Role.USER, ai.kiana.server.access.Permission.READ_KNOWLEDGE)
            && security.scopes().accessOf("creator", ai.kiana.core.ledger.Role.USER) != null
            && !security.killSwitch().halted();
    return ok ? 1 : 0;
  }

  private static long send(HttpClient http, HttpRequest r)
      throws IOException, InterruptedException {
    HttpResponse<Void> res = http.send(r, HttpResponse.BodyHandlers.discarding());
    if (res.statusCode() != 200) {
      throw new IllegalStateException("status " + res.statusCode());
    }
    return 1;
  }

  // ---------------------------------------------------------------- (b) argon2id

  private Table argon2() {
    Table t =
        new Table(
            "argon2id per login (hash and verify, medians of " + config.hashSamples() + ")",
            Table.left("parameters"),
            Table.right("hash"),
            Table.right("verify"),
            Table.right("verify CPU"),
            Table.left(""));
    java.lang.management.ThreadMXBean cpu =
        java.lang.management.ManagementFactory.getThreadMXBean();
    for (PasswordHasher h : config.candidates()) {
      double[] hash = new double[config.hashSamples()];
      double[] verify = new double[config.hashSamples()];
      double[] verifyCpu = new double[config.hashSamples()];
      String phc = h.hash("warm up the JIT");
      for (int i = 0; i < hash.length; i++) {
        long t0 = System.nanoTime();
        phc = h.hash("correct horse battery " + i);
        long t1 = System.nanoTime();
        long c1 = cpu.getCurrentThreadCpuTime();
        if (!PasswordHasher.matches("correct horse battery " + i, phc)) {
          throw new IllegalStateException("argon2id round trip failed");
        }
        verifyCpu[i] = cpu.getCurrentThreadCpuTime() - c1;
        long t2 = System.nanoTime();
        hash[i] = t1 - t0;
        verify[i] = t2 - t1;
      }
      t.row(
          h.toString(),
          Table.nanos(Measure.median(hash)),
          Table.nanos(Measure.median(verify)),
          Table.nanos(Measure.median(verifyCpu)),
          h.equals(PasswordHasher.DEFAULT) ? "<- DEFAULT" : "");
    }
    t.note("target: 100-300 ms per login on this machine, with as much memory as that allows;");
    t.note("CPU time is what one login costs an idle machine (wall time grows with the load)");
    return t;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      List<Path> all = new ArrayList<>(files.toList());
      all.sort((a, b) -> b.getNameCount() - a.getNameCount());
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    }
  }
}
