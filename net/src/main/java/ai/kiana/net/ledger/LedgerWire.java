package ai.kiana.net.ledger;

import ai.kiana.core.json.Json;
import ai.kiana.core.ledger.LedgerBlock;
import ai.kiana.core.ledger.LedgerBlockCodec;
import ai.kiana.core.ledger.TxCodec;
import ai.kiana.core.ledger.engine.LedgerMessage;
import ai.kiana.net.protocol.Frame;
import ai.kiana.net.protocol.MessageType;
import ai.kiana.net.protocol.ProtocolException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The wire form of the ledger messages (docs/PROTOCOL.md, "Ledger sync"): one UTF-8 JSON object per
 * frame, blocks and transactions in their canonical ledger JSON. Pure; decoding checks the shape
 * and limits, the ledger engine checks everything else (hashes, seals, rules).
 */
public final class LedgerWire {

  /** Most blocks one LEDGER_GET_BLOCKS may ask for and one LEDGER_BLOCKS may carry. */
  public static final int MAX_BLOCKS = 128;

  /** Longest device name in a LEDGER_JOIN. */
  public static final int MAX_NAME_CHARS = 100;

  /** A joining device: its key, name, and the ledger it keeps so far. */
  public record Join(String key, String name, String genesis, long height) {}

  /** The answer to a join: the network's genesis block, or why the device may not join. */
  public record JoinAnswer(LedgerBlock genesis, String refused) {
    public JoinAnswer {
      if ((genesis == null) == (refused == null)) {
        throw new IllegalArgumentException("a join answer carries a genesis or a refusal");
      }
    }

    public static JoinAnswer accept(LedgerBlock genesis) {
      return new JoinAnswer(genesis, null);
    }

    public static JoinAnswer refuse(String reason) {
      return new JoinAnswer(null, reason);
    }
  }

  private LedgerWire() {}

  public static boolean isLedger(MessageType type) {
    return type.code() >= MessageType.LEDGER_STATUS.code()
        && type.code() <= MessageType.LEDGER_GENESIS.code();
  }

  /**
   * A message on the wire; a status names the network by its {@code genesis} hash, so that nodes of
   * different networks (devices paired before they shared a ledger) ignore each other's ledger.
   */
  public static Frame encode(LedgerMessage message, String genesis) {
    return switch (message) {
      case LedgerMessage.Status s ->
          frame(
              MessageType.LEDGER_STATUS,
              object()
                  .put("genesis", genesis)
                  .put("head", s.headHash())
                  .put("height", s.height())
                  .put("totalDifficulty", s.totalDifficulty()));
      case LedgerMessage.GetBlocks g -> {
        ObjectNode o = object();
        if (g.byHash()) {
          o.put("fromHash", g.fromHash());
        } else {
          o.putNull("fromHash");
        }
        yield frame(
            MessageType.LEDGER_GET_BLOCKS, o.put("fromHeight", g.fromHeight()).put("max", g.max()));
      }
      case LedgerMessage.Blocks b -> {
        ArrayNode blocks = Json.mapper().createArrayNode();
        b.blocks().forEach(x -> blocks.add(LedgerBlockCodec.toNode(x)));
        ObjectNode o = object();
        o.set("blocks", blocks);
        yield frame(MessageType.LEDGER_BLOCKS, o);
      }
      case LedgerMessage.NewBlock n ->
          frame(MessageType.LEDGER_NEW_BLOCK, LedgerBlockCodec.toNode(n.block()));
      case LedgerMessage.TxAnnounce t -> frame(MessageType.LEDGER_TX, TxCodec.toNode(t.tx()));
    };
  }

  /**
   * @throws ProtocolException if the payload is not a well-formed message of its type
   */
  public static LedgerMessage decode(Frame frame) {
    JsonNode o = parse(frame);
    try {
      return switch (frame.type()) {
        case LEDGER_STATUS -> {
          exactly(o, Set.of("genesis", "head", "height", "totalDifficulty"));
          yield new LedgerMessage.Status(
              text(o, "head"), number(o, "height"), number(o, "totalDifficulty"));
        }
        case LEDGER_GET_BLOCKS -> {
          exactly(o, Set.of("fromHash", "fromHeight", "max"));
          long max = number(o, "max");
          if (max < 1 || max > MAX_BLOCKS) {
            throw new ProtocolException("max must be 1.." + MAX_BLOCKS);
          }
          String from = o.get("fromHash").isNull() ? null : text(o, "fromHash");
          long height = o.get("fromHeight").asLong(Long.MIN_VALUE);
          yield new LedgerMessage.GetBlocks(from, height, (int) max);
        }
        case LEDGER_BLOCKS -> {
          exactly(o, Set.of("blocks"));
          JsonNode array = o.get("blocks");
          if (!array.isArray() || array.size() > MAX_BLOCKS) {
            throw new ProtocolException("blocks must be an array of at most " + MAX_BLOCKS);
          }
          List<LedgerBlock> blocks = new ArrayList<>(array.size());
          array.forEach(b -> blocks.add(LedgerBlockCodec.fromNode(b)));
          yield new LedgerMessage.Blocks(blocks);
        }
        case LEDGER_NEW_BLOCK -> new LedgerMessage.NewBlock(LedgerBlockCodec.fromNode(o));
        case LEDGER_TX -> new LedgerMessage.TxAnnounce(TxCodec.fromNode(o));
        default -> throw new ProtocolException(frame.type() + " is not a ledger gossip message");
      };
    } catch (IllegalArgumentException e) {
      throw new ProtocolException(frame.type() + ": " + e.getMessage());
    }
  }

  /**
   * The network a LEDGER_STATUS names (its genesis hash).
   *
   * @throws ProtocolException if the frame is not a well-formed status
   */
  public static String genesisOf(Frame status) {
    JsonNode o = parse(status);
    if (status.type() != MessageType.LEDGER_STATUS) {
      throw new ProtocolException(status.type() + " names no network");
    }
    return text(o, "genesis");
  }

  public static Frame encodeJoin(Join join) {
    return frame(
        MessageType.LEDGER_JOIN,
        object()
            .put("key", join.key())
            .put("name", join.name())
            .put("genesis", join.genesis())
            .put("height", join.height()));
  }

  public static Join decodeJoin(Frame frame) {
    JsonNode o = parse(frame);
    exactly(o, Set.of("key", "name", "genesis", "height"));
    String key = text(o, "key");
    if (!key.matches("[0-9a-f]{64}")) {
      throw new ProtocolException("key must be 64 lower-case hex digits");
    }
    String name = text(o, "name");
    if (name.length() > MAX_NAME_CHARS) {
      throw new ProtocolException("name longer than " + MAX_NAME_CHARS + " characters");
    }
    return new Join(key, name, text(o, "genesis"), number(o, "height"));
  }

  public static Frame encodeAnswer(JoinAnswer answer) {
    ObjectNode o = object();
    if (answer.genesis() != null) {
      o.set("genesis", LedgerBlockCodec.toNode(answer.genesis()));
    } else {
      o.put("refused", answer.refused());
    }
    return frame(MessageType.LEDGER_GENESIS, o);
  }

  public static JoinAnswer decodeAnswer(Frame frame) {
    JsonNode o = parse(frame);
    try {
      if (o.size() == 1 && o.has("genesis")) {
        LedgerBlock genesis = LedgerBlockCodec.fromNode(o.get("genesis"));
        if (!genesis.isGenesis()) {
          throw new ProtocolException("genesis is a block at height " + genesis.height());
        }
        return JoinAnswer.accept(genesis);
      }
      exactly(o, Set.of("refused"));
      return JoinAnswer.refuse(text(o, "refused"));
    } catch (IllegalArgumentException e) {
      throw new ProtocolException("LEDGER_GENESIS: " + e.getMessage());
    }
  }

  private static ObjectNode object() {
    return Json.mapper().createObjectNode();
  }

  private static Frame frame(MessageType type, JsonNode body) {
    return Frame.of(type, body.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static JsonNode parse(Frame frame) {
    JsonNode o;
    try {
      o = Json.parse(new String(frame.payload(), StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      throw new ProtocolException(frame.type() + ": payload is not JSON");
    }
    if (!o.isObject()) {
      throw new ProtocolException(frame.type() + ": payload must be a JSON object");
    }
    return o;
  }

  private static void exactly(JsonNode o, Set<String> names) {
    if (o.size() != names.size()) {
      throw new ProtocolException("expected exactly the members " + names);
    }
    for (String n : names) {
      if (!o.has(n)) {
        throw new ProtocolException("missing member " + n);
      }
    }
  }

  private static String text(JsonNode o, String name) {
    JsonNode v = o.get(name);
    if (v == null || !v.isTextual()) {
      throw new ProtocolException(name + " must be a string");
    }
    return v.textValue();
  }

  private static long number(JsonNode o, String name) {
    JsonNode v = o.get(name);
    if (v == null || !v.isIntegralNumber() || v.asLong() < 0) {
      throw new ProtocolException(name + " must be a non-negative integer");
    }
    return v.asLong();
  }
}
