package ai.kiana.net.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kiana.net.protocol.ProtocolException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The HTTP/1.1 opening handshake, both sides, against canned requests and answers. */
class WebSocketUpgradeTest {

  static final String GOOD =
      "GET /kiana/peer HTTP/1.1\r\nHost: 10.0.0.2:7070\r\nUpgrade: websocket\r\n"
          + "Connection: keep-alive, Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
          + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: chat, kiana-sync.1\r\n\r\n";

  record Answered(String response, RuntimeException refusal) {}

  static Answered answer(String request) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    InputStream in = new ByteArrayInputStream(request.getBytes(StandardCharsets.ISO_8859_1));
    try {
      WebSocketUpgrade.answer(in, out);
      return new Answered(out.toString(StandardCharsets.US_ASCII), null);
    } catch (RefusedException | ProtocolException e) {
      return new Answered(out.toString(StandardCharsets.US_ASCII), e);
    }
  }

  @Test
  void aValidRequestIsAnsweredWith101AndTheAcceptKeyOfTheRfc() throws IOException {
    Answered a = answer(GOOD);
    assertThat(a.refusal()).isNull();
    assertThat(a.response())
        .startsWith("HTTP/1.1 101 Switching Protocols\r\n")
        .contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n")
        .contains("Sec-WebSocket-Protocol: kiana-sync.1\r\n")
        .endsWith("\r\n\r\n");
  }

  @Test
  void theListenerReadsNoFurtherThanTheHeadSoFramesAfterItAreKept() throws IOException {
    InputStream in =
        new ByteArrayInputStream((GOOD + "\u0082\u0081").getBytes(StandardCharsets.ISO_8859_1));
    WebSocketUpgrade.answer(in, new ByteArrayOutputStream());
    assertThat(in.read()).isEqualTo(0x82);
  }

  @Test
  void anotherWebSocketVersionGets426NamingVersion13() throws IOException {
    Answered a = answer(GOOD.replace("Version: 13", "Version: 8"));
    assertThat(a.response()).startsWith("HTTP/1.1 426 ").contains("Sec-WebSocket-Version: 13\r\n");
    assertThat(a.refusal()).isInstanceOf(RefusedException.class).hasMessageContaining("426");
  }

  @Test
  void aRequestWithoutUpgradeGets426() throws IOException {
    Answered a = answer(GOOD.replace("Upgrade: websocket\r\n", ""));
    assertThat(a.response()).startsWith("HTTP/1.1 426 ");
  }

  @Test
  void aMissingOrForeignSubprotocolGets400NamingOurs() throws IOException {
    Answered a = answer(GOOD.replace("chat, kiana-sync.1", "kiana-sync.2"));
    assertThat(a.response())
        .startsWith("HTTP/1.1 400 ")
        .contains("X-Kiana-Reason: this node speaks subprotocol kiana-sync.1, not 'kiana-sync.2'");
    assertThat(a.refusal()).hasMessageContaining("kiana-sync.1");
  }

  @Test
  void anotherPathGets404AndABadKeyOrMethod400() throws IOException {
    assertThat(answer(GOOD.replace("/kiana/peer", "/api/v1/peers")).response())
        .startsWith("HTTP/1.1 404 ");
    assertThat(answer(GOOD.replace("dGhlIHNhbXBsZSBub25jZQ==", "short")).response())
        .startsWith("HTTP/1.1 400 ");
    assertThat(answer(GOOD.replace("GET ", "POST ")).response()).startsWith("HTTP/1.1 400 ");
  }

  @Test
  void anEndlessHeadIsCutOffAt8KilobytesWith400() throws IOException {
    Answered a = answer("GET /kiana/peer HTTP/1.1\r\nX: " + "a".repeat(20_000));
    assertThat(a.response()).startsWith("HTTP/1.1 400 ");
    assertThat(a.refusal()).hasMessageContaining("longer than 8192 bytes");
  }

  /** Runs the dialler's side against a canned answer; returns what it sent. */
  static String dialAgainst(String answer) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    WebSocketUpgrade.request(
        new ByteArrayInputStream(answer.getBytes(StandardCharsets.US_ASCII)), out, "h:1");
    return out.toString(StandardCharsets.US_ASCII);
  }

  @Test
  void theDiallerAsksForOurPathVersionAndSubprotocol() {
    ByteArrayOutputStream sent = new ByteArrayOutputStream();
    assertThatThrownBy(
            () ->
                WebSocketUpgrade.request(
                    new ByteArrayInputStream(new byte[0]), sent, "10.0.0.2:7070"))
        .isInstanceOf(java.io.EOFException.class);
    String request = sent.toString(StandardCharsets.US_ASCII);
    assertThat(request)
        .startsWith("GET /kiana/peer HTTP/1.1\r\n")
        .contains("Host: 10.0.0.2:7070\r\n", "Upgrade: websocket\r\n", "Connection: Upgrade\r\n")
        .contains("Sec-WebSocket-Version: 13\r\n", "Sec-WebSocket-Protocol: kiana-sync.1\r\n")
        .containsPattern("Sec-WebSocket-Key: [A-Za-z0-9+/]{22}==\r\n");
  }

  @Test
  void theDiallerRefusesA101WithTheWrongAcceptKey() {
    assertThatThrownBy(
            () ->
                dialAgainst(
                    "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                        + "Connection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
                        + "Sec-WebSocket-Protocol: kiana-sync.1\r\n\r\n"))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("Sec-WebSocket-Accept");
  }

  @Test
  void theDiallerReportsTheListenersReasonForARefusal() {
    assertThatThrownBy(
            () ->
                dialAgainst(
                    "HTTP/1.1 426 Upgrade Required\r\nX-Kiana-Reason: WebSocket version 13 only"
                        + "\r\nContent-Length: 0\r\n\r\n"))
        .isInstanceOf(RefusedException.class)
        .hasMessage("peer refused the WebSocket upgrade: 426 WebSocket version 13 only");
  }
}
