package ai.kiana.server.web;

import ai.kiana.server.access.Permission;
import ai.kiana.server.http.ApiException;
import ai.kiana.server.http.QueryParams;
import ai.kiana.server.http.Route;
import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/v1/qr?text=…}: the text as a QR code in SVG, for the web app's pairing card (a
 * phone's camera reads the pairing code off the screen). Drawn here with ZXing so the app needs no
 * QR encoder of its own; the SVG holds only rectangles, no script, no text from the request.
 */
public final class QrRoutes {

  static final int MAX_TEXT_CHARS = 512;
  private static final int QUIET_ZONE = 4;

  public List<Route> routes() {
    return List.of(Route.get("/api/v1/qr", this::qr).requires(Permission.SIGNED_IN));
  }

  private void qr(Context ctx) {
    QueryParams params = QueryParams.parse(ctx.queryString(), Set.of("text"));
    String text = params.single("text");
    if (text == null || text.isEmpty()) {
      throw ApiException.BadRequest.parameter("text", "is required");
    }
    if (text.length() > MAX_TEXT_CHARS) {
      throw ApiException.BadRequest.parameter(
          "text", "longer than " + MAX_TEXT_CHARS + " characters");
    }
    byte[] svg = svg(text).getBytes(StandardCharsets.UTF_8);
    ctx.status(200).result(svg);
    ctx.res().setCharacterEncoding(null);
    ctx.res().setContentType("image/svg+xml");
    ctx.header("Cache-Control", "no-store");
    ctx.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
  }

  static String svg(String text) {
    BitMatrix m;
    try {
      m =
          new QRCodeWriter()
              .encode(
                  text,
                  BarcodeFormat.QR_CODE,
                  0,
                  0,
                  Map.of(
                      EncodeHintType.ERROR_CORRECTION,
                      ErrorCorrectionLevel.M,
                      EncodeHintType.MARGIN,
                      0,
                      EncodeHintType.CHARACTER_SET,
                      "UTF-8"));
    } catch (WriterException e) {
      throw ApiException.BadRequest.parameter("text", "cannot be put into a QR code");
    }
    int size = m.getWidth() + 2 * QUIET_ZONE;
    StringBuilder path = new StringBuilder();
    for (int y = 0; y < m.getHeight(); y++) {
      for (int x = 0; x < m.getWidth(); x++) {
        if (m.get(x, y)) {
          path.append('M')
              .append(x + QUIET_ZONE)
              .append(' ')
              .append(y + QUIET_ZONE)
              .append("h1v1h-1z");
        }
      }
    }
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "
        + size
        + " "
        + size
        + "\" shape-rendering=\"crispEdges\"><rect width=\""
        + size
        + "\" height=\""
        + size
        + "\" fill=\"#fff\"/><path fill=\"#000\" d=\""
        + path
        + "\"/></svg>";
  }
}
