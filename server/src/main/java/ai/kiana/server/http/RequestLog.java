package ai.kiana.server.http;

import io.javalin.http.Context;
import io.javalin.http.RequestLogger;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One INFO line per request: {@code method=GET path=/api/v1/blocks status=200 ms=1.4}. The query
 * string is left out on purpose: it carries the user's search text.
 */
final class RequestLog implements RequestLogger {

  private static final Logger LOG = LoggerFactory.getLogger(RequestLog.class);

  @Override
  public void handle(Context ctx, Float ms) {
    if (LOG.isInfoEnabled()) {
      LOG.info(
          "method={} path={} status={} ms={}",
          ctx.method().name(),
          printable(ctx.path()),
          ctx.statusCode(),
          String.format(Locale.ROOT, "%.1f", ms));
    }
  }

  /** The raw path is still URL-encoded, but never let a client put a line break into our log. */
  private static String printable(String path) {
    StringBuilder out = new StringBuilder(path.length());
    for (int i = 0; i < path.length() && i < 512; i++) {
      char c = path.charAt(i);
      out.append(Character.isISOControl(c) ? '?' : c);
    }
    return out.toString();
  }
}
