package ai.kiana.ai.filter;

import ai.kiana.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The JSON form of a rule list, as in the rules file and the API: {@code {"rules": [{"id",
 * "category", "pattern" | "keywords", "action", "language", "applies_to", "reason"}]}}.
 */
public final class FilterRules {

  private static final Set<String> FIELDS =
      Set.of("id", "category", "pattern", "keywords", "action", "language", "applies_to", "reason");

  private FilterRules() {}

  /**
   * @throws InvalidRuleException naming the first bad rule (by id, or "#n" when it has none)
   */
  public static List<FilterRule> parse(JsonNode root) {
    JsonNode rules = root == null ? null : root.get("rules");
    if (rules == null || !rules.isArray()) {
      throw new InvalidRuleException("list", "expected {\"rules\": [ … ]}");
    }
    List<FilterRule> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < rules.size(); i++) {
      JsonNode r = rules.get(i);
      String name = "#" + (i + 1);
      if (!r.isObject()) {
        throw new InvalidRuleException(name, "a rule is a JSON object");
      }
      if (r.hasNonNull("id") && r.get("id").isTextual()) {
        name = r.get("id").asText();
      }
      for (Iterator<String> it = r.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!FIELDS.contains(f)) {
          throw new InvalidRuleException(name, "unknown field '" + f + "'");
        }
      }
      List<String> keywords = null;
      if (r.has("keywords")) {
        if (!r.get("keywords").isArray()) {
          throw new InvalidRuleException(name, "keywords must be a list of strings");
        }
        keywords = new ArrayList<>();
        for (JsonNode k : r.get("keywords")) {
          if (!k.isTextual()) {
            throw new InvalidRuleException(name, "keywords must be a list of strings");
          }
          keywords.add(k.asText());
        }
      }
      String actionText = text(r, "action", name);
      FilterAction action = actionText == null ? null : FilterAction.fromWire(actionText);
      FilterRule rule =
          FilterRule.of(
              text(r, "id", name),
              text(r, "category", name),
              text(r, "pattern", name),
              keywords,
              action,
              text(r, "language", name),
              stages(text(r, "applies_to", name), name),
              text(r, "reason", name));
      if (!ids.add(rule.id())) {
        throw new InvalidRuleException(rule.id(), "the id is used by an earlier rule");
      }
      out.add(rule);
    }
    return List.copyOf(out);
  }

  public static ObjectNode toJson(List<FilterRule> rules) {
    ObjectNode root = Json.mapper().createObjectNode();
    ArrayNode list = root.putArray("rules");
    for (FilterRule r : rules) {
      ObjectNode o = list.addObject();
      o.put("id", r.id());
      o.put("category", r.category());
      if (r.pattern() != null) {
        o.put("pattern", r.pattern());
      } else {
        ArrayNode k = o.putArray("keywords");
        r.keywords().forEach(k::add);
      }
      o.put("action", r.action().wireName());
      if (r.language() == null) {
        o.putNull("language");
      } else {
        o.put("language", r.language());
      }
      o.put(
          "applies_to", r.stages().size() == 2 ? "both" : r.stages().iterator().next().wireName());
      o.put("reason", r.reason());
    }
    return root;
  }

  private static String text(JsonNode r, String field, String rule) {
    JsonNode v = r.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new InvalidRuleException(rule, field + " must be a string");
    }
    return v.asText();
  }

  private static Set<FilterStage> stages(String appliesTo, String rule) {
    if (appliesTo == null || appliesTo.equals("both")) {
      return EnumSet.allOf(FilterStage.class);
    }
    for (FilterStage s : FilterStage.values()) {
      if (s.wireName().equals(appliesTo)) {
        return EnumSet.of(s);
      }
    }
    throw new InvalidRuleException(rule, "applies_to must be question, answer or both");
  }
}
