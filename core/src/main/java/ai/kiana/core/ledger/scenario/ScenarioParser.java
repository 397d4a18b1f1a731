package ai.kiana.core.ledger.scenario;

import ai.kiana.core.json.Json;
import ai.kiana.core.json.JsonFormatException;
import ai.kiana.core.ledger.rules.ViolationKind;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the scenario file format of {@code ledger-scenarios.json}, strictly: unknown or missing
 * members, wrong types, unknown error kinds and repeated names are errors that name their JSON
 * path. Optional members: top-level {@code source} and {@code rules} (strings, informational),
 * {@code epoch}, {@code vote} and {@code checkpoint} (may be absent or null).
 */
public final class ScenarioParser {

  /** Signer names: a letter, then up to 31 letters, digits, '_' or '-'. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,31}");

  private static final Set<String> FILE = Set.of("source", "rules", "scenarios");
  private static final Set<String> SCENARIO =
      Set.of("name", "epoch", "genesis", "blocks", "expect");
  private static final Set<String> BLOCK = Set.of("signer", "vote", "checkpoint");
  private static final Set<String> VOTE = Set.of("subject", "add");
  private static final Set<String> EXPECT = Set.of("validators", "error");

  private ScenarioParser() {}

  /**
   * @throws ScenarioFormatException naming the first problem
   */
  public static List<Scenario> parse(String json) {
    JsonNode root;
    try {
      root = Json.parse(json);
    } catch (JsonFormatException e) {
      throw new ScenarioFormatException("$", e.getMessage(), e);
    }
    object(root, "$", FILE, Set.of("scenarios"));
    optionalText(root, "source", "$");
    optionalText(root, "rules", "$");
    JsonNode list = array(root.get("scenarios"), "$.scenarios");
    List<Scenario> scenarios = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String path = "$.scenarios[" + i + "]";
      Scenario scenario = scenario(list.get(i), path);
      if (!names.add(scenario.name())) {
        throw new ScenarioFormatException(
            path + ".name", "another scenario is already called '" + scenario.name() + "'");
      }
      scenarios.add(scenario);
    }
    return scenarios;
  }

  private static Scenario scenario(JsonNode node, String path) {
    object(node, path, SCENARIO, Set.of("name", "genesis", "blocks", "expect"));
    JsonNode nameNode = node.get("name");
    if (!nameNode.isTextual() || nameNode.textValue().isBlank()) {
      throw new ScenarioFormatException(path + ".name", "must be a non-empty string");
    }
    Long epoch = null;
    JsonNode epochNode = node.get("epoch");
    if (epochNode != null && !epochNode.isNull()) {
      if (!epochNode.isIntegralNumber()
          || !epochNode.canConvertToLong()
          || epochNode.asLong() < 1) {
        throw new ScenarioFormatException(path + ".epoch", "must be a positive integer or null");
      }
      epoch = epochNode.asLong();
    }
    List<String> genesis = names(node.get("genesis"), path + ".genesis", true);
    JsonNode blockList = array(node.get("blocks"), path + ".blocks");
    List<Scenario.Block> blocks = new ArrayList<>();
    for (int i = 0; i < blockList.size(); i++) {
      blocks.add(block(blockList.get(i), path + ".blocks[" + i + "]"));
    }
    return new Scenario(
        nameNode.textValue(), epoch, genesis, blocks, expect(node.get("expect"), path + ".expect"));
  }

  private static Scenario.Block block(JsonNode node, String path) {
    object(node, path, BLOCK, Set.of("signer"));
    String signer = name(node.get("signer"), path + ".signer");
    Scenario.Vote vote = null;
    JsonNode voteNode = node.get("vote");
    if (voteNode != null && !voteNode.isNull()) {
      object(voteNode, path + ".vote", VOTE, VOTE);
      JsonNode add = voteNode.get("add");
      if (!add.isBoolean()) {
        throw new ScenarioFormatException(path + ".vote.add", "must be true or false");
      }
      vote =
          new Scenario.Vote(name(voteNode.get("subject"), path + ".vote.subject"), add.asBoolean());
    }
    List<String> checkpoint = null;
    JsonNode checkpointNode = node.get("checkpoint");
    if (checkpointNode != null && !checkpointNode.isNull()) {
      checkpoint = names(checkpointNode, path + ".checkpoint", true);
    }
    return new Scenario.Block(signer, vote, checkpoint);
  }

  private static Scenario.Expectation expect(JsonNode node, String path) {
    object(node, path, EXPECT, Set.of());
    JsonNode validators = node.get("validators");
    JsonNode error = node.get("error");
    boolean hasValidators = validators != null && !validators.isNull();
    boolean hasError = error != null && !error.isNull();
    if (hasValidators == hasError) {
      throw new ScenarioFormatException(
          path, "must have exactly one of 'validators' (a list of names) or 'error' (a kind)");
    }
    if (hasValidators) {
      return new Scenario.Expectation(names(validators, path + ".validators", false), null);
    }
    if (!error.isTextual()) {
      throw new ScenarioFormatException(path + ".error", "must be a string");
    }
    try {
      return new Scenario.Expectation(null, ViolationKind.fromWire(error.textValue()));
    } catch (IllegalArgumentException e) {
      throw new ScenarioFormatException(path + ".error", e.getMessage());
    }
  }

  private static void object(
      JsonNode node, String path, Set<String> allowed, Set<String> required) {
    if (node == null || !node.isObject()) {
      throw new ScenarioFormatException(path, "must be a JSON object");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!allowed.contains(field)) {
        throw new ScenarioFormatException(
            path + "." + field,
            "unknown field (allowed: " + String.join(", ", sorted(allowed)) + ")");
      }
    }
    for (String field : sorted(required)) {
      if (!node.has(field)) {
        throw new ScenarioFormatException(path + "." + field, "missing");
      }
    }
  }

  private static JsonNode array(JsonNode node, String path) {
    if (node == null || !node.isArray()) {
      throw new ScenarioFormatException(path, "must be an array");
    }
    return node;
  }

  private static List<String> names(JsonNode node, String path, boolean nonEmpty) {
    array(node, path);
    if (nonEmpty && node.isEmpty()) {
      throw new ScenarioFormatException(path, "must name at least one signer");
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      String name = name(node.get(i), path + "[" + i + "]");
      if (names.contains(name)) {
        throw new ScenarioFormatException(path + "[" + i + "]", "'" + name + "' is listed twice");
      }
      names.add(name);
    }
    return names;
  }

  private static String name(JsonNode node, String path) {
    if (node == null || !node.isTextual() || !NAME.matcher(node.textValue()).matches()) {
      throw new ScenarioFormatException(
          path, "must be a signer name: a letter, then up to 31 letters, digits, '_' or '-'");
    }
    return node.textValue();
  }

  private static void optionalText(JsonNode node, String field, String path) {
    JsonNode value = node.get(field);
    if (value != null && !value.isTextual()) {
      throw new ScenarioFormatException(path + "." + field, "must be a string");
    }
  }

  private static List<String> sorted(Set<String> set) {
    return set.stream().sorted().toList();
  }
}
