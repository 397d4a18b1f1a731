package ai.kiana.net.messages;

import ai.kiana.net.protocol.Frame;
import ai.kiana.net.protocol.MessageType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Payloads of the messaging frames: MSG_KEYS and MSG_RECEIPTS carry 1 to {@link
 * MessageLimits#MAX_ITEMS_PER_FRAME} canonical JSON objects joined by {@code \n}; MSG_OFFER and
 * MSG_WANT as many message IDs (32 lowercase hex characters) joined by {@code \n}; MSG_ENVELOPE one
 * envelope.
 */
final class MessageFrames {

  private MessageFrames() {}

  /** Frames of {@code type}, each with at most the allowed number of lines. */
  static List<Frame> lines(MessageType type, List<String> items) {
    List<Frame> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i += MessageLimits.MAX_ITEMS_PER_FRAME) {
      List<String> part =
          items.subList(i, Math.min(items.size(), i + MessageLimits.MAX_ITEMS_PER_FRAME));
      out.add(Frame.of(type, String.join("\n", part).getBytes(StandardCharsets.UTF_8)));
    }
    return out;
  }

  /**
   * @throws Rejected an offence for an empty payload or too many lines
   */
  static List<String> lines(Frame f) {
    if (f.payload().length == 0) {
      throw Rejected.offence(f.type() + " is empty");
    }
    List<String> lines = List.of(new String(f.payload(), StandardCharsets.UTF_8).split("\n", -1));
    if (lines.size() > MessageLimits.MAX_ITEMS_PER_FRAME) {
      throw Rejected.offence(
          f.type() + " has " + lines.size() + " items, over " + MessageLimits.MAX_ITEMS_PER_FRAME);
    }
    return lines;
  }

  /**
   * @throws Rejected an offence unless every line is a message ID
   */
  static List<String> ids(Frame f) {
    List<String> ids = lines(f);
    for (String id : ids) {
      if (id.length() != 2 * Envelope.ID_BYTES
          || !id.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        throw Rejected.offence(f.type() + " has a malformed message ID");
      }
    }
    return ids;
  }
}
