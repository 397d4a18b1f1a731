package ai.kiana.server.backup;

import ai.kiana.core.json.Json;
import ai.kiana.core.json.JsonFormatException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Rows of a few database tables as one backup entry, {@code {"<table>": [{column: value}]}}: how
 * {@code security.json} and {@code messages.json} carry the node's tables that are neither blocks
 * nor ledger. Values are JSON strings or whole numbers, or null where the column allows it.
 */
final class TableRows {

  private static final HexFormat HEX = HexFormat.of();

  /**
   * One table as a backup keeps it.
   *
   * @param orderBy how many of the leading columns order the rows (a key, so a backup's bytes
   *     depend only on the rows)
   */
  record Table(
      String name, List<String> columns, Set<String> numbers, Set<String> nullable, int orderBy) {

    Table {
      columns = List.copyOf(columns);
      numbers = Set.copyOf(numbers);
      nullable = Set.copyOf(nullable);
      if (orderBy < 1 || orderBy > columns.size()) {
        throw new IllegalArgumentException("orderBy must name 1 to " + columns.size() + " columns");
      }
    }
  }

  private TableRows() {}

  /** The rows of {@code tables}; run it inside one read transaction for a consistent picture. */
  static ObjectNode export(Connection c, List<Table> tables) throws SQLException {
    ObjectNode out = Json.mapper().createObjectNode();
    for (Table t : tables) {
      ArrayNode rows = out.putArray(t.name());
      StringBuilder order = new StringBuilder("1");
      for (int i = 2; i <= t.orderBy(); i++) {
        order.append(", ").append(i);
      }
      String sql =
          "SELECT " + String.join(", ", t.columns()) + " FROM " + t.name() + " ORDER BY " + order;
      try (PreparedStatement ps = c.prepareStatement(sql);
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ObjectNode row = rows.addObject();
          for (String col : t.columns()) {
            if (t.numbers().contains(col)) {
              long v = rs.getLong(col);
              if (rs.wasNull()) {
                row.putNull(col);
              } else {
                row.put(col, v);
              }
            } else {
              row.put(col, rs.getString(col));
            }
          }
        }
      }
    }
    return out;
  }

  /**
   * Reads entry {@code name} of the zip, checks it against {@code sha256} and its rows against
   * {@code tables}.
   *
   * @throws BackupException if it is missing, larger than {@code maxBytes}, does not match the
   *     hash, or a table, row or value is not as the tables say
   */
  static Map<String, List<JsonNode>> read(
      ZipFile file, String name, String sha256, int maxBytes, List<Table> tables, Path zip)
      throws IOException {
    ZipEntry entry = file.getEntry(name);
    if (entry == null) {
      throw BackupRestore.damaged(zip, "it has no " + name);
    }
    byte[] bytes;
    try (InputStream in = file.getInputStream(entry)) {
      bytes = in.readNBytes(maxBytes + 1);
    }
    if (bytes.length > maxBytes
        || !HEX.formatHex(BackupFiles.sha256().digest(bytes)).equals(sha256)) {
      throw BackupRestore.damaged(zip, name + " does not match the SHA-256 in its manifest");
    }
    Map<String, List<JsonNode>> rows = new LinkedHashMap<>();
    try {
      JsonNode root = Json.parse(new String(bytes, StandardCharsets.UTF_8));
      for (Table t : tables) {
        JsonNode table = root.get(t.name());
        if (table == null || !table.isArray()) {
          throw BackupRestore.damaged(zip, name + " has no table " + t.name());
        }
        List<JsonNode> list = new ArrayList<>();
        for (JsonNode row : table) {
          for (String col : t.columns()) {
            if (!fits(t, col, row.get(col))) {
              throw BackupRestore.damaged(zip, name + ": " + t.name() + "." + col + " is bad");
            }
          }
          list.add(row);
        }
        rows.put(t.name(), List.copyOf(list));
      }
    } catch (JsonFormatException e) {
      throw BackupRestore.damaged(zip, name + " is not JSON: " + e.getMessage());
    }
    return rows;
  }

  private static boolean fits(Table t, String col, JsonNode v) {
    if (v == null) {
      return false;
    }
    if (v.isNull()) {
      return t.nullable().contains(col);
    }
    return t.numbers().contains(col) ? v.canConvertToLong() : v.isTextual();
  }

  /** Inserts checked rows, table by table in the order of {@code tables}; inside a transaction. */
  static void insert(Connection c, List<Table> tables, Map<String, List<JsonNode>> rows)
      throws SQLException {
    for (Table t : tables) {
      List<JsonNode> list = rows.getOrDefault(t.name(), List.of());
      if (list.isEmpty()) {
        continue;
      }
      List<String> cols = t.columns();
      String sql =
          "INSERT INTO "
              + t.name()
              + " ("
              + String.join(", ", cols)
              + ") VALUES ("
              + "?, ".repeat(cols.size() - 1)
              + "?)";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (JsonNode row : list) {
          for (int i = 0; i < cols.size(); i++) {
            JsonNode v = row.get(cols.get(i));
            boolean number = t.numbers().contains(cols.get(i));
            if (v.isNull()) {
              ps.setNull(i + 1, number ? Types.BIGINT : Types.VARCHAR);
            } else if (number) {
              ps.setLong(i + 1, v.asLong());
            } else {
              ps.setString(i + 1, v.textValue());
            }
          }
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
  }
}
