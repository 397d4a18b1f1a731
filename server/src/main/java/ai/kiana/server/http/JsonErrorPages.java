package ai.kiana.server.http;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's error pages, for failures that never reach Javalin (a request line or URI Jetty cannot
 * parse, headers too large) or that escape the servlet. Jetty would answer with HTML naming its
 * exception; these answer with the API's JSON error shape for the status alone, whatever the client
 * accepts.
 */
final class JsonErrorPages {

  private JsonErrorPages() {}

  /** Installed on the Jetty server: errors before a request reaches the servlet context. */
  static final class ServerLevel extends org.eclipse.jetty.server.handler.ErrorHandler {
    ServerLevel() {
      setShowStacks(false);
      setShowCauses(false);
    }

    @Override
    protected void generateResponse(
        Request request,
        Response response,
        int code,
        String message,
        Throwable cause,
        Callback callback)
        throws java.io.IOException {
      if (!generateAcceptableResponse(
          request,
          response,
          callback,
          "application/json",
          List.of(StandardCharsets.UTF_8),
          code,
          message,
          cause)) {
        callback.succeeded();
      }
    }

    @Override
    public boolean errorPageForMethod(String method) {
      return true; // Jetty's default leaves bodies off for methods other than GET, POST and HEAD
    }

    @Override
    protected void writeErrorJson(
        Request request, PrintWriter writer, int code, String message, Throwable cause) {
      writer.write(new String(ApiError.forStatus(code).toJsonBytes(), StandardCharsets.UTF_8));
    }
  }

  /** Installed on the servlet context: errors the servlet itself reports. */
  static final class ServletLevel extends org.eclipse.jetty.ee10.servlet.ErrorHandler {
    ServletLevel() {
      setShowStacks(false);
      setShowCauses(false);
    }

    @Override
    protected void generateResponse(
        Request request,
        Response response,
        int code,
        String message,
        Throwable cause,
        Callback callback)
        throws java.io.IOException {
      if (!generateAcceptableResponse(
          request,
          response,
          callback,
          "application/json",
          List.of(StandardCharsets.UTF_8),
          code,
          message,
          cause)) {
        callback.succeeded();
      }
    }

    @Override
    public boolean errorPageForMethod(String method) {
      return true; // Jetty's default leaves bodies off for methods other than GET, POST and HEAD
    }

    @Override
    protected void writeErrorJson(
        Request request, PrintWriter writer, int code, String message, Throwable cause) {
      writer.write(new String(ApiError.forStatus(code).toJsonBytes(), StandardCharsets.UTF_8));
    }
  }
}
