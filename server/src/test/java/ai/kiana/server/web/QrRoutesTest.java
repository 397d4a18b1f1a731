package ai.kiana.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.server.http.TestNode;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QrRoutesTest {

  @TempDir static Path dir;
  static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start(dir);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void theQrCodeSvgReadsBackAsTheText() throws Exception {
    String code = "KIANA-PAIR 7QH2-K9XW-4MTD 192.168.1.20:8471 ü";
    TestNode.Reply r = node.get("/api/v1/qr?text=" + TestNode.encode(code));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).hasValue("image/svg+xml");
    assertThat(r.body()).startsWith("<svg").doesNotContain("<script").doesNotContain("KIANA");
    assertThat(decode(r.body())).isEqualTo(code);
  }

  @Test
  void missingOrOverlongTextIsA400NamingTheParameter() {
    TestNode.Reply missing = node.get("/api/v1/qr");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.json().get("field").asText()).isEqualTo("text");
    TestNode.Reply tooLong = node.get("/api/v1/qr?text=" + "x".repeat(513));
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.json().get("field").asText()).isEqualTo("text");
  }

  /** Paints the SVG's unit squares into pixels (4 per module) and reads them with ZXing. */
  static String decode(String svg) throws Exception {
    Matcher size = Pattern.compile("viewBox=\"0 0 (\\d+) ").matcher(svg);
    assertThat(size.find()).isTrue();
    int modules = Integer.parseInt(size.group(1));
    int scale = 4;
    int side = modules * scale;
    int[] pixels = new int[side * side];
    java.util.Arrays.fill(pixels, 0xFFFFFF);
    Matcher m = Pattern.compile("M(\\d+) (\\d+)h1v1h-1z").matcher(svg);
    while (m.find()) {
      int x = Integer.parseInt(m.group(1));
      int y = Integer.parseInt(m.group(2));
      for (int dy = 0; dy < scale; dy++) {
        for (int dx = 0; dx < scale; dx++) {
          pixels[(y * scale + dy) * side + x * scale + dx] = 0;
        }
      }
    }
    BinaryBitmap bitmap =
        new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(side, side, pixels)));
    return new QRCodeReader().decode(bitmap).getText();
  }
}
