package ai.kiana.core.ledger;

import ai.kiana.core.identity.DeviceId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Iterator;
import java.util.Set;

/** Strict readers for the members of ledger JSON objects; every failure names the member. */
final class LedgerJson {

  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private LedgerJson() {}

  /** Requires {@code node} to be an object with exactly the members in {@code fields}. */
  static void requireExactly(JsonNode node, String what, Set<String> fields) {
    if (node == null || !node.isObject()) {
      throw new InvalidLedgerDataException(what, "must be a JSON object");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!fields.contains(name)) {
        throw new InvalidLedgerDataException(name, "unknown field");
      }
    }
    for (String name : fields) {
      if (!node.has(name)) {
        throw new InvalidLedgerDataException(name, "missing");
      }
    }
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new InvalidLedgerDataException(field, "must be a string");
    }
    return value.textValue();
  }

  static String nullableText(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : text(node, field);
  }

  static long integer(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new InvalidLedgerDataException(field, "must be an integer");
    }
    return value.longValue();
  }

  static boolean bool(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isBoolean()) {
      throw new InvalidLedgerDataException(field, "must be true or false");
    }
    return value.booleanValue();
  }

  static DeviceId deviceId(JsonNode node, String field) {
    return deviceId(text(node, field), field);
  }

  static DeviceId deviceId(String hex, String field) {
    if (!LedgerHex.isLowerHex(hex, 64)) {
      throw new InvalidLedgerDataException(field, "a device ID is 64 lowercase hex characters");
    }
    return new DeviceId(hex);
  }
}
