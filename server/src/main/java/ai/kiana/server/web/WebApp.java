package ai.kiana.server.web;

import ai.kiana.server.access.Permission;
import ai.kiana.server.http.Route;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Serves the PWA (module {@code kiana-web}, classpath folder {@code kiana/web/}) at {@code /}.
 *
 * <p>Files are read once and kept in memory (the whole app is a few hundred KB) with a strong ETag;
 * every response says {@code no-cache}, so browsers revalidate and get a 304 while a file is
 * unchanged: without a build step there are no content-hashed file names that could be cached
 * forever. Any other GET path that names no file and is not an API path is an app route: it gets
 * {@code index.html}, and the app's own router shows the page. API paths keep the API's JSON 404.
 */
public final class WebApp {

  static final String ROOT = "kiana/web/";
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:;"
          + " connect-src 'self'; media-src 'self' blob:; worker-src 'self'; manifest-src 'self';"
          + " object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  /** Paths that belong to the API or to probes, never to the app. */
  private static final List<String> NOT_APP =
      List.of("/api", "/v1/", "/healthz", "/readyz", "/metrics");

  private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9_\\-./]{1,200}");
  private static final Map<String, String> TYPES =
      Map.ofEntries(
          Map.entry("html", "text/html; charset=utf-8"),
          Map.entry("js", "text/javascript; charset=utf-8"),
          Map.entry("css", "text/css; charset=utf-8"),
          Map.entry("json", "application/json; charset=utf-8"),
          Map.entry("webmanifest", "application/manifest+json; charset=utf-8"),
          Map.entry("svg", "image/svg+xml"),
          Map.entry("png", "image/png"),
          Map.entry("txt", "text/plain; charset=utf-8"));

  private final ClassLoader loader;
  private final Map<String, Optional<Asset>> cache = new ConcurrentHashMap<>();

  public WebApp() {
    this(WebApp.class.getClassLoader());
  }

  WebApp(ClassLoader loader) {
    this.loader = loader;
  }

  /** One file of the app, in memory. */
  record Asset(byte[] bytes, String contentType, String etag) {}

  /** The app's own files; everything else under {@code /} goes through {@link #fallback}. */
  public List<Route> routes() {
    return List.of(
        Route.get("/", ctx -> send(ctx, "index.html")).requires(Permission.PUBLIC),
        Route.get("/sw.js", ctx -> send(ctx, "sw.js")).requires(Permission.PUBLIC),
        Route.get("/manifest.webmanifest", ctx -> send(ctx, "manifest.webmanifest"))
            .requires(Permission.PUBLIC),
        Route.get("/app/<path>", ctx -> send(ctx, "app/" + ctx.pathParam("path")))
            .requires(Permission.PUBLIC));
  }

  /**
   * For GET requests no route matched (Javalin's single-page hook, which browsers reach when they
   * accept HTML): app routes get {@code index.html}, API paths and missing files a JSON 404.
   */
  public void fallback(Context ctx) {
    String path = ctx.path();
    boolean api = NOT_APP.stream().anyMatch(path::startsWith);
    String last = path.substring(path.lastIndexOf('/') + 1);
    if (api || last.contains(".")) {
      throw new NotFoundResponse();
    }
    send(ctx, "index.html");
  }

  private void send(Context ctx, String path) {
    Asset asset = asset(path).orElseThrow(NotFoundResponse::new);
    headers(ctx);
    ctx.header("ETag", asset.etag());
    if (asset.etag().equals(ctx.header("If-None-Match"))) {
      ctx.status(304);
      return;
    }
    ctx.status(200).result(asset.bytes());
    // Javalin's default JSON type left a charset on the response, which Jetty would append to
    // binary types too (image/png;charset=utf-8).
    ctx.res().setCharacterEncoding(null);
    ctx.res().setContentType(asset.contentType());
  }

  static void headers(Context ctx) {
    ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Cache-Control", "no-cache");
  }

  Optional<Asset> asset(String path) {
    if (!SAFE_PATH.matcher(path).matches() || path.contains("..") || path.contains("//")) {
      return Optional.empty();
    }
    return cache.computeIfAbsent(path, this::load);
  }

  private Optional<Asset> load(String path) {
    int dot = path.lastIndexOf('.');
    String type = dot < 0 ? null : TYPES.get(path.substring(dot + 1).toLowerCase(Locale.ROOT));
    if (type == null) {
      return Optional.empty();
    }
    try (InputStream in = loader.getResourceAsStream(ROOT + path)) {
      if (in == null) {
        return Optional.empty();
      }
      byte[] bytes = in.readAllBytes();
      return Optional.of(new Asset(bytes, type, etag(bytes)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the web app file " + path, e);
    }
  }

  private static String etag(byte[] bytes) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
      return "\"" + HexFormat.of().formatHex(hash, 0, 12) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
