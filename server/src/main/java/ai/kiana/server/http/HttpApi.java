package ai.kiana.server.http;

import ai.kiana.core.json.Json;
import ai.kiana.server.access.AccessGuard;
import ai.kiana.server.access.ScopeRoutes;
import ai.kiana.server.audit.AuditRoutes;
import ai.kiana.server.auth.AccountRoutes;
import ai.kiana.server.auth.AuthRoutes;
import ai.kiana.server.chat.ChatRoutes;
import ai.kiana.server.chat.ChatSettingsRoutes;
import ai.kiana.server.chat.FilterRoutes;
import ai.kiana.server.chat.MemoryRoutes;
import ai.kiana.server.documents.DocumentRoutes;
import ai.kiana.server.killswitch.KillSwitchRoutes;
import ai.kiana.server.ledger.LedgerRoutes;
import ai.kiana.server.limits.AccessListRoutes;
import ai.kiana.server.messages.MessageRoutes;
import ai.kiana.server.node.Node;
import ai.kiana.server.node.NodeConfig;
import ai.kiana.server.node.NodeSetupException;
import ai.kiana.server.openai.OpenAiRoutes;
import ai.kiana.server.sync.FollowRoutes;
import ai.kiana.server.sync.PeerRoutes;
import ai.kiana.server.web.QrRoutes;
import ai.kiana.server.web.WebApp;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.json.JavalinJackson;
import io.javalin.util.JavalinBindException;
import io.javalin.util.JavalinLogger;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HTTP API on Javalin: binds to the configured host and port (port 0 picks a free one,
 * see {@link #port()}), maps every failure to a JSON error body in one place ({@link ApiErrors}),
 * caps request bodies at {@link NodeConfig#maxBodyBytes()} and logs one line per request.
 *
 * <p>Start-up does no I/O beyond binding the socket; the node must already be open. The API does
 * not own the node: {@link #close()} stops the server and leaves the node open.
 */
public final class HttpApi implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
  private static final String METHOD_OVERRIDE = "X-HTTP-Method-Override";

  private final NodeConfig config;
  private final List<Route> routes;
  private final Javalin app;
  private final BrowserGuard browserGuard;
  private final AccessGuard accessGuard;
  private final WebApp webApp;

  private HttpApi(Node node) {
    this.config = node.config();
    List<Route> all = new ArrayList<>();
    all.addAll(new HealthRoutes(node.knowledge()).routes());
    all.addAll(new NodeRoutes(node).routes());
    all.addAll(new BlockRoutes(node.knowledge()).routes());
    all.addAll(new LedgerRoutes(node.ledger()).routes());
    // Security: accounts, sessions, audit log, kill switch, device revocation.
    all.addAll(new AuthRoutes(node.security()).routes());
    all.addAll(
        new AccountRoutes(node.security().auth(), node.security().scopes()::forget).routes());
    all.addAll(new ScopeRoutes(node.security().auth(), node.security().scopes()).routes());
    all.addAll(new AccessListRoutes(node.security().addresses()).routes());
    all.addAll(new AuditRoutes(node.security().audit()).routes());
    all.addAll(
        new KillSwitchRoutes(node.security().killSwitch(), node.security().revocation()).routes());
    // --- retrieval: document import jobs (the node owns the job runner) ---
    all.addAll(new DocumentRoutes(node.search().importer(), node.importJobs()).routes());
    // chat: answers, conversations, ratings, memories, prompt filter, backend settings, OpenAI API
    all.addAll(new ChatRoutes(node.chat(), node.knowledge()).routes());
    all.addAll(new MemoryRoutes(node.chat().memories()).routes());
    all.addAll(new FilterRoutes(node.chat().filter()).routes());
    all.addAll(new ChatSettingsRoutes(node.chat(), node.config().dataDir()).routes());
    all.addAll(new OpenAiRoutes(node.chat(), node.clock()).routes());
    all.addAll(new PeerRoutes(node::network).routes());
    all.addAll(new FollowRoutes(node).routes());
    all.addAll(new MessageRoutes(node.messenger()).routes());
    // The web app: its files, and index.html for the app's own paths (see configure).
    this.webApp = new WebApp();
    all.addAll(webApp.routes());
    all.addAll(new QrRoutes().routes());
    this.routes = List.copyOf(all);
    this.browserGuard = new BrowserGuard(config.host());
    this.accessGuard = new AccessGuard(node.security());
    ApiErrors errors = new ApiErrors(config.maxBodyBytes());
    // Global in Javalin 7, not per instance: silences "Starting Javalin", "Listening on", version
    // lines.
    JavalinLogger.startupInfo = false;
    this.app = Javalin.create(c -> configure(c, errors));
  }

  /**
   * Starts the API for an open node.
   *
   * @throws NodeSetupException if the address cannot be bound (port taken or not allowed)
   */
  public static HttpApi start(Node node) {
    HttpApi api = new HttpApi(node);
    try {
      api.app.start();
    } catch (JavalinBindException e) {
      throw new NodeSetupException(
          "cannot listen on "
              + api.config.host()
              + ":"
              + api.config.port()
              + ": the port is in use or not allowed",
          "pick another with --port <n>, or --port 0 for any free port");
    }
    LOG.info("HTTP API listening on http://{}:{}", api.config.host(), api.port());
    return api;
  }

  /** The port actually bound, also when the config asked for 0. */
  public int port() {
    return app.port();
  }

  /** Every route, in the order registered. */
  public List<Route> routes() {
    return routes;
  }

  /** Stops accepting requests; does not close the node. */
  @Override
  public void close() {
    app.stop();
  }

  private void configure(JavalinConfig c, ApiErrors errors) {
    c.startup.showJavalinBanner = false;
    c.startup.showOldJavalinVersionWarning = false;
    // The watcher is a thread that sleeps 5 s to nag about never-started servers.
    c.startup.startupWatcherEnabled = false;
    c.jetty.host = config.host();
    c.jetty.port = config.port();
    c.jetty.modifyHttpConfiguration(
        h -> {
          h.setSendServerVersion(false);
          h.setSendXPoweredBy(false);
        });
    c.http.maxRequestSize = config.maxBodyBytes();
    c.http.prefer405over404 = true;
    c.http.defaultContentType = Exchange.JSON;
    c.jsonMapper(new JavalinJackson(Json.mapper(), false));
    c.requestLogger.http(new RequestLog());
    errors.install(c);
    c.routes.before(this::guard);
    for (Route r : routes) {
      // Every route runs behind the access guard: token, permission, kill switch, rate limit.
      c.routes.addHttpHandler(r.method(), r.path(), accessGuard.wrap(r));
    }
    // Runs only for GETs no route matched that accept HTML (browser navigation to an app path).
    c.spaRoot.addHandler("/", webApp::fallback);
  }

  /** Checks that apply to every request, before any route runs. */
  private void guard(Context ctx) {
    // Javalin routes by this header's method if present, which would let a POST reach a DELETE
    // route.
    if (ctx.header(METHOD_OVERRIDE) != null) {
      throw new ApiException.BadRequest(
          "unsupported_header",
          METHOD_OVERRIDE + " is not supported; send the real method",
          METHOD_OVERRIDE);
    }
    browserGuard.check(ctx.header(Header.HOST), ctx.header(Header.ORIGIN));
    // Refuse a declared oversized body before reading it; chunked bodies are capped while reading.
    long declared = ctx.req().getContentLengthLong();
    if (declared > config.maxBodyBytes()) {
      throw new ApiException.PayloadTooLarge(config.maxBodyBytes());
    }
  }
}
