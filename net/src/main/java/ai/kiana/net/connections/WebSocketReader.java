package ai.kiana.net.connections;

import static ai.kiana.net.connections.WebSocketException.PROTOCOL_ERROR;
import static ai.kiana.net.connections.WebSocketException.TOO_BIG;
import static ai.kiana.net.connections.WebSocketException.UNSUPPORTED_DATA;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads RFC 6455 frames from a blocking stream and returns whole binary messages, reassembling
 * continuation frames. Control frames may arrive between fragments: a ping is handed to {@link
 * Control#ping} (so the owner can queue the pong), a pong is dropped, a close ends the stream with
 * {@link PeerClosedException}. Every length is checked against the limit before anything is
 * allocated for it. Not thread-safe: one reading thread.
 */
final class WebSocketReader {

  static final int OP_CONTINUATION = 0x0;
  static final int OP_TEXT = 0x1;
  static final int OP_BINARY = 0x2;
  static final int OP_CLOSE = 0x8;
  static final int OP_PING = 0x9;
  static final int OP_PONG = 0xA;

  /** Status code a close frame without a body stands for (RFC 6455, 7.1.5). */
  static final int NO_STATUS = 1005;

  /** What the owner does about control frames the peer sends. */
  interface Control {
    /** The peer pinged; answer with a pong carrying {@code payload}. */
    void ping(byte[] payload);
  }

  private final InputStream in;
  private final boolean expectMasked;
  private final int maxMessageBytes;
  private final Control control;
  private final byte[] header = new byte[8];
  private long bytesRead;

  /**
   * @param expectMasked true on the server side: every client frame must be masked, and a server
   *     frame must not be
   * @param maxMessageBytes largest whole message (all fragments together) accepted; larger ones end
   *     the connection with 1009
   */
  WebSocketReader(InputStream in, boolean expectMasked, int maxMessageBytes, Control control) {
    this.in = in;
    this.expectMasked = expectMasked;
    this.maxMessageBytes = maxMessageBytes;
    this.control = control;
  }

  long bytesRead() {
    return bytesRead;
  }

  /**
   * The next binary message.
   *
   * @throws WebSocketException if the peer broke the protocol (the close code to answer with)
   * @throws PeerClosedException if the peer sent a close frame
   * @throws EOFException if the stream ended without one
   */
  byte[] readMessage() throws IOException {
    byte[] message = null;
    int length = 0;
    while (true) {
      int b0 = readByte();
      int b1 = readByte();
      boolean fin = (b0 & 0x80) != 0;
      int opcode = b0 & 0x0f;
      if ((b0 & 0x70) != 0) {
        throw new WebSocketException(PROTOCOL_ERROR, "reserved bits set (no extension agreed)");
      }
      boolean masked = (b1 & 0x80) != 0;
      if (masked != expectMasked) {
        throw new WebSocketException(
            PROTOCOL_ERROR,
            expectMasked ? "client frame is not masked" : "server frame must not be masked");
      }
      long payloadLength = payloadLength(b1 & 0x7f);
      byte[] mask = null;
      if (masked) {
        mask = new byte[4];
        readFully(mask, 0, 4);
      }
      if (opcode >= OP_CLOSE) {
        if (opcode > OP_PONG) {
          throw new WebSocketException(PROTOCOL_ERROR, "unknown control opcode 0x" + hex(opcode));
        }
        if (!fin || payloadLength > 125) {
          throw new WebSocketException(
              PROTOCOL_ERROR, "control frame fragmented or longer than 125 bytes");
        }
        byte[] body = new byte[(int) payloadLength];
        readFully(body, 0, body.length);
        unmask(body, 0, body.length, mask, 0);
        onControl(opcode, body);
        continue;
      }
      switch (opcode) {
        case OP_BINARY -> {
          if (message != null) {
            throw new WebSocketException(
                PROTOCOL_ERROR, "new message before the fragmented one ended");
          }
        }
        case OP_CONTINUATION -> {
          if (message == null) {
            throw new WebSocketException(PROTOCOL_ERROR, "continuation frame outside a message");
          }
        }
        case OP_TEXT ->
            throw new WebSocketException(UNSUPPORTED_DATA, "text messages are not part of it");
        default ->
            throw new WebSocketException(PROTOCOL_ERROR, "unknown data opcode 0x" + hex(opcode));
      }
      if (length + payloadLength > maxMessageBytes) {
        throw new WebSocketException(
            TOO_BIG,
            "message of "
                + (length + payloadLength)
                + "+ bytes is over the limit of "
                + maxMessageBytes);
      }
      int n = (int) payloadLength;
      if (message == null) {
        // Unfragmented: exactly the size announced. Fragmented: grows as fragments come.
        message = new byte[n];
      } else if (message.length < length + n) {
        message = Arrays.copyOf(message, length + n);
      }
      readFully(message, length, n);
      unmask(message, length, n, mask, 0);
      length += n;
      if (fin) {
        return message.length == length ? message : Arrays.copyOf(message, length);
      }
    }
  }

  private long payloadLength(int seven) throws IOException {
    if (seven < 126) {
      return seven;
    }
    if (seven == 126) {
      readFully(header, 0, 2);
      int n = ((header[0] & 0xff) << 8) | (header[1] & 0xff);
      if (n < 126) {
        throw new WebSocketException(PROTOCOL_ERROR, "length not in its shortest form");
      }
      return n;
    }
    readFully(header, 0, 8);
    long n = ByteBuffer.wrap(header).getLong();
    if (n < 0) {
      throw new WebSocketException(PROTOCOL_ERROR, "64-bit length with the top bit set");
    }
    if (n <= 0xffff) {
      throw new WebSocketException(PROTOCOL_ERROR, "length not in its shortest form");
    }
    return n;
  }

  private void onControl(int opcode, byte[] body) throws IOException {
    switch (opcode) {
      case OP_PING -> control.ping(body);
      case OP_PONG -> {
        // Unsolicited pongs are allowed as heartbeats; nothing to do.
      }
      default -> throw closeOf(body);
    }
  }

  private static PeerClosedException closeOf(byte[] body) {
    if (body.length == 0) {
      return new PeerClosedException(NO_STATUS, "");
    }
    if (body.length == 1) {
      throw new WebSocketException(PROTOCOL_ERROR, "close frame with a one-byte body");
    }
    int code = ((body[0] & 0xff) << 8) | (body[1] & 0xff);
    if (!validCloseCode(code)) {
      throw new WebSocketException(PROTOCOL_ERROR, "close code " + code + " is not allowed");
    }
    try {
      String reason =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(body, 2, body.length - 2))
              .toString();
      return new PeerClosedException(code, reason);
    } catch (CharacterCodingException e) {
      throw new WebSocketException(1007, "close reason is not UTF-8");
    }
  }

  /** The codes a close frame may carry on the wire (RFC 6455, 7.4). */
  static boolean validCloseCode(int code) {
    return (code >= 1000 && code <= 1003)
        || (code >= 1007 && code <= 1011)
        || (code >= 3000 && code <= 4999);
  }

  static void unmask(byte[] data, int off, int len, byte[] mask, int maskOffset) {
    if (mask == null) {
      return;
    }
    for (int i = 0; i < len; i++) {
      data[off + i] ^= mask[(maskOffset + i) & 3];
    }
  }

  private int readByte() throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new EOFException("connection ended");
    }
    bytesRead++;
    return b;
  }

  private void readFully(byte[] buf, int off, int len) throws IOException {
    int done = 0;
    while (done < len) {
      int n = in.read(buf, off + done, len - done);
      if (n < 0) {
        throw new EOFException("connection ended inside a frame");
      }
      done += n;
    }
    bytesRead += len;
  }

  private static String hex(int opcode) {
    return Integer.toHexString(opcode);
  }
}
