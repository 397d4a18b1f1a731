package ai.kiana.net.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 6455 framing as our peers speak it: what goes out, what comes in, and what is refused. */
class WebSocketCodecTest {

  static final int LIMIT = 1 << 20;
  final List<byte[]> pings = new ArrayList<>();

  static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** A reader as the listener (server) has it: client frames must be masked. */
  WebSocketReader server(byte[] wire) {
    return new WebSocketReader(new ByteArrayInputStream(wire), true, LIMIT, pings::add);
  }

  /** A reader as the dialler (client) has it: server frames come unmasked. */
  WebSocketReader client(byte[] wire) {
    return new WebSocketReader(new ByteArrayInputStream(wire), false, LIMIT, pings::add);
  }

  static byte[] written(boolean mask, int opcode, byte[]... parts) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    WebSocketWriter w = new WebSocketWriter(out, mask);
    w.frame(opcode, parts);
    w.flush();
    return out.toByteArray();
  }

  static int closeCodeOf(ThrowingRead read) {
    try {
      read.run();
    } catch (WebSocketException e) {
      return e.closeCode();
    } catch (IOException e) {
      throw new AssertionError("expected a protocol error, got " + e, e);
    }
    throw new AssertionError("expected a protocol error, the frame was accepted");
  }

  interface ThrowingRead {
    void run() throws IOException;
  }

  @Test
  void acceptKeyMatchesTheExampleOfRfc6455() {
    assertThat(WebSocketUpgrade.acceptKey("dGhlIHNhbXBsZSBub25jZQ=="))
        .isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  }

  @Test
  void maskedFrameOfTheRfcExampleUnmasksToHello() throws IOException {
    // RFC 6455, 5.7, with the opcode changed from text to binary (we carry binary only).
    byte[] wire = bytes(0x82, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58);
    assertThat(new String(server(wire).readMessage(), StandardCharsets.US_ASCII))
        .isEqualTo("Hello");
  }

  @Test
  void unmaskedServerFrameOfTheRfcExampleReadsAsHello() throws IOException {
    byte[] wire = concat(bytes(0x82, 0x05), ascii("Hello"));
    assertThat(client(wire).readMessage()).isEqualTo(ascii("Hello"));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 125, 126, 127, 65_535, 65_536, 300_000})
  void everyLengthEncodingRoundTripsInBothDirections(int n) throws IOException {
    byte[] payload = new byte[n];
    new Random(n).nextBytes(payload);
    byte[] fromClient = written(true, WebSocketReader.OP_BINARY, new byte[] {7}, payload);
    byte[] fromServer = written(false, WebSocketReader.OP_BINARY, new byte[] {7}, payload);
    int total = n + 1;
    int expectedSeven = total < 126 ? total : total <= 0xffff ? 126 : 127;
    int lengthBytes = total < 126 ? 0 : total <= 0xffff ? 2 : 8;
    assertThat(fromServer[0] & 0xff).isEqualTo(0x82);
    assertThat(fromServer[1] & 0xff).isEqualTo(expectedSeven);
    assertThat(fromServer).hasSize(2 + lengthBytes + total);
    assertThat(fromClient[1] & 0xff).isEqualTo(0x80 | expectedSeven);
    assertThat(fromClient).hasSize(2 + lengthBytes + 4 + total);

    byte[] expected = concat(new byte[] {7}, payload);
    assertThat(server(fromClient).readMessage()).isEqualTo(expected);
    assertThat(client(fromServer).readMessage()).isEqualTo(expected);
  }

  @Test
  void clientFramesAreMaskedWithAFreshKeyEachTime() throws IOException {
    byte[] payload = new byte[64];
    byte[] one = written(true, WebSocketReader.OP_BINARY, payload);
    byte[] two = written(true, WebSocketReader.OP_BINARY, payload);
    byte[] bodyOne = java.util.Arrays.copyOfRange(one, 6, one.length);
    assertThat(bodyOne).isNotEqualTo(payload);
    assertThat(java.util.Arrays.copyOfRange(one, 2, 6))
        .isNotEqualTo(java.util.Arrays.copyOfRange(two, 2, 6));
  }

  @Test
  void fragmentsWithControlFramesBetweenThemReassembleIntoOneMessage() throws IOException {
    byte[] wire =
        concat(
            bytes(0x02, 0x03),
            ascii("Hel"),
            bytes(0x89, 0x02),
            ascii("hi"),
            bytes(0x8a, 0x00),
            bytes(0x00, 0x01),
            ascii("l"),
            bytes(0x80, 0x01),
            ascii("o"),
            bytes(0x82, 0x01),
            ascii("!"));
    WebSocketReader r = client(wire);
    assertThat(r.readMessage()).isEqualTo(ascii("Hello"));
    assertThat(pings).hasSize(1);
    assertThat(pings.get(0)).isEqualTo(ascii("hi"));
    assertThat(r.readMessage()).isEqualTo(ascii("!"));
    assertThatThrownBy(r::readMessage).isInstanceOf(EOFException.class);
  }

  @Test
  void closeFrameEndsTheStreamWithItsCodeAndReason() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    WebSocketWriter w = new WebSocketWriter(out, true);
    w.close(4000, "done for today");
    w.close(1000, "");
    byte[] wire = out.toByteArray();
    assertThatThrownBy(() -> server(wire).readMessage())
        .isInstanceOfSatisfying(
            PeerClosedException.class,
            e -> {
              assertThat(e.code()).isEqualTo(4000);
              assertThat(e.reason()).isEqualTo("done for today");
            });
    assertThatThrownBy(() -> client(bytes(0x88, 0x00)).readMessage())
        .isInstanceOfSatisfying(
            PeerClosedException.class, e -> assertThat(e.code()).isEqualTo(1005));
  }

  @Test
  void longCloseReasonsAreCutToWholeCharactersWithin123Bytes() throws IOException {
    String reason = "Grüße ".repeat(10) + "\uD83D\uDE00".repeat(40);
    byte[] cut = WebSocketWriter.fit(reason);
    assertThat(cut.length).isLessThanOrEqualTo(123);
    String back = new String(cut, StandardCharsets.UTF_8);
    assertThat(reason).startsWith(back);
    assertThat(back.getBytes(StandardCharsets.UTF_8)).isEqualTo(cut);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new WebSocketWriter(out, false).close(1008, reason);
    assertThatThrownBy(() -> client(out.toByteArray()).readMessage())
        .isInstanceOfSatisfying(
            PeerClosedException.class, e -> assertThat(e.reason()).isEqualTo(back));
  }

  @Test
  void anOversizedMessageIsRefusedWith1009BeforeItsBodyIsRead() {
    // Only the header is on the wire: reading the announced 9 MB would end in EOF instead.
    byte[] header = bytes(0x82, 0x7f, 0, 0, 0, 0, 0, 0x90, 0, 0);
    assertThat(closeCodeOf(() -> client(header).readMessage())).isEqualTo(1009);
    byte[] huge = bytes(0x82, 0x7f, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff);
    assertThat(closeCodeOf(() -> client(huge).readMessage())).isEqualTo(1009);
  }

  @Test
  void fragmentsAddingUpToMoreThanTheLimitAreRefusedWith1009() throws IOException {
    byte[] half = new byte[LIMIT / 2 + 1];
    byte[] first = written(false, WebSocketReader.OP_BINARY, half);
    first[0] = 0x02; // not final
    byte[] second = written(false, WebSocketReader.OP_CONTINUATION, half);
    byte[] wire = concat(first, second);
    assertThat(closeCodeOf(() -> client(wire).readMessage())).isEqualTo(1009);
  }

  @Test
  void maskingMustMatchTheDirection() throws IOException {
    byte[] unmasked = written(false, WebSocketReader.OP_BINARY, ascii("x"));
    byte[] masked = written(true, WebSocketReader.OP_BINARY, ascii("x"));
    assertThat(closeCodeOf(() -> server(unmasked).readMessage())).isEqualTo(1002);
    assertThat(closeCodeOf(() -> client(masked).readMessage())).isEqualTo(1002);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "c2 01 41", // RSV1
        "a2 01 41", // RSV2
        "92 01 41", // RSV3
        "83 01 41", // reserved data opcode
        "8b 00", // reserved control opcode
        "00 01 41", // continuation with nothing to continue
        "02 01 41 82 01 42", // a new message inside a fragmented one
        "09 00", // fragmented ping
        "89 7e 00 7e", // ping longer than 125 bytes
        "82 7e 00 05 41 41 41 41 41", // 16-bit length used for 5 bytes
        "82 7f 00 00 00 00 00 00 00 05 41 41 41 41 41", // 64-bit length used for 5 bytes
        "88 01 03", // close with a one-byte body
        "88 02 03 ed" // close code 1005 may not be sent
      })
  void framesThatBreakTheProtocolAreRefusedWith1002(String hex) {
    assertThat(closeCodeOf(() -> client(parse(hex)).readMessage())).isEqualTo(1002);
  }

  @Test
  void textMessagesAreRefusedWith1003() {
    assertThat(closeCodeOf(() -> client(concat(bytes(0x81, 0x05), ascii("Hello"))).readMessage()))
        .isEqualTo(1003);
  }

  @Test
  void aStreamCutInsideAFrameIsAnEndOfStream() {
    assertThatThrownBy(() -> client(bytes(0x82, 0x05, 0x41)).readMessage())
        .isInstanceOf(EOFException.class);
    assertThatThrownBy(() -> client(bytes(0x82)).readMessage()).isInstanceOf(EOFException.class);
  }

  @Test
  void randomGarbageOnlyEverEndsInAProtocolErrorOrEndOfStream() {
    Random random = new Random(6455);
    for (int i = 0; i < 5_000; i++) {
      byte[] junk = new byte[1 + random.nextInt(64)];
      random.nextBytes(junk);
      WebSocketReader r =
          new WebSocketReader(new ByteArrayInputStream(junk), random.nextBoolean(), 1024, p -> {});
      try {
        while (true) {
          r.readMessage();
        }
      } catch (WebSocketException | EOFException e) {
        // PeerClosedException is an EOFException: a valid close frame in the junk.
      } catch (Throwable t) {
        throw new AssertionError("garbage " + java.util.HexFormat.of().formatHex(junk), t);
      }
    }
  }

  static byte[] parse(String hex) {
    return java.util.HexFormat.of().parseHex(hex.replace(" ", ""));
  }
}
