package ai.kiana.server.chat;

import ai.kiana.ai.chat.ChatMessage;
import ai.kiana.core.block.BlockDraft;
import ai.kiana.core.block.BlockPage;
import ai.kiana.core.block.BlockQuery;
import ai.kiana.core.block.BlockType;
import ai.kiana.core.block.KnowledgeBase;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.block.Scope;
import ai.kiana.server.access.ScopeAccess;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Conversations as private chat blocks: every turn is one {@code chat} block tagged {@code
 * chat:<conversation id>} and {@code role:user} or {@code role:assistant}, titled with the
 * conversation's first question. The conversation id is 32 random hex characters. Deleting a
 * conversation retracts all its turns in one transaction.
 */
public final class Conversations {

  static final String TAG_PREFIX = "chat:";
  static final String ROLE_USER = "role:user";
  static final String ROLE_ASSISTANT = "role:assistant";
  static final int TITLE_CHARS = 80;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A conversation in a listing. */
  public record Summary(String id, String title, KnowledgeBlock newest, int turns) {}

  private final KnowledgeBase knowledge;

  public Conversations(KnowledgeBase knowledge) {
    this.knowledge = knowledge;
  }

  static String newId() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  static boolean isId(String s) {
    return s != null && s.matches("[0-9a-f]{32}");
  }

  /** The live turns of a conversation, oldest first; empty if there is no such conversation. */
  public List<Turn> turns(String conversation) {
    return turns(conversation, ScopeAccess.ALL);
  }

  /** The turns {@code access} may read. */
  public List<Turn> turns(String conversation, ScopeAccess access) {
    if (!isId(conversation) || access.readable().isEmpty()) {
      return List.of();
    }
    List<KnowledgeBlock> blocks = new ArrayList<>();
    BlockQuery q =
        new BlockQuery(
            Set.of(BlockType.CHAT),
            TAG_PREFIX + conversation,
            null,
            null,
            null,
            null,
            true,
            null,
            BlockQuery.MAX_LIMIT);
    q = access.readsAll() ? q : q.withScopes(access.readable());
    for (BlockPage page = knowledge.list(q); ; page = knowledge.list(q.withAfter(page.next()))) {
      blocks.addAll(page.blocks());
      if (page.next() == null) {
        break;
      }
    }
    blocks.sort(Comparator.comparing(KnowledgeBlock::created).thenComparing(KnowledgeBlock::id));
    return blocks.stream().map(Turn::of).toList();
  }

  /** The turns as the messages an LLM backend sees as history. */
  public static List<ChatMessage> history(List<Turn> turns) {
    return turns.stream()
        .map(
            t ->
                t.role().equals("assistant")
                    ? ChatMessage.assistant(t.text())
                    : ChatMessage.user(t.text()))
        .toList();
  }

  /** Every conversation, most recently active first. */
  public List<Summary> list() {
    return list(ScopeAccess.ALL);
  }

  /** The conversations whose turns {@code access} may read. */
  public List<Summary> list(ScopeAccess access) {
    if (access.readable().isEmpty()) {
      return List.of();
    }
    Map<String, List<KnowledgeBlock>> byConversation = new LinkedHashMap<>();
    BlockQuery q =
        new BlockQuery(
            Set.of(BlockType.CHAT), null, null, null, null, null, true, null, BlockQuery.MAX_LIMIT);
    q = access.readsAll() ? q : q.withScopes(access.readable());
    for (BlockPage page = knowledge.list(q); ; page = knowledge.list(q.withAfter(page.next()))) {
      for (KnowledgeBlock b : page.blocks()) {
        String id = conversationOf(b);
        if (id != null) {
          byConversation.computeIfAbsent(id, k -> new ArrayList<>()).add(b);
        }
      }
      if (page.next() == null) {
        break;
      }
    }
    // Pages come newest first, so each list starts with its newest turn, and the map's order is
    // by each conversation's newest turn.
    List<Summary> out = new ArrayList<>();
    byConversation.forEach(
        (id, blocks) ->
            out.add(new Summary(id, blocks.getFirst().title(), blocks.getFirst(), blocks.size())));
    return out;
  }

  KnowledgeBlock addTurn(
      String conversation,
      String title,
      String role,
      String content,
      String lang,
      List<String> extraTags,
      Scope scope) {
    List<String> tags = new ArrayList<>(extraTags);
    tags.add(TAG_PREFIX + conversation);
    tags.add(role.equals("assistant") ? ROLE_ASSISTANT : ROLE_USER);
    return knowledge.add(
        new BlockDraft(
            BlockType.CHAT,
            title.length() > TITLE_CHARS ? title.substring(0, TITLE_CHARS - 1) + "…" : title,
            content,
            lang,
            tags,
            null,
            List.of(),
            scope));
  }

  /**
   * Retracts every turn of a conversation in one transaction.
   *
   * @return false if there was no such conversation
   */
  public boolean delete(String conversation) {
    return delete(conversation, ScopeAccess.ALL);
  }

  /**
   * @return false if there is no such conversation that {@code access} may read
   * @throws ai.kiana.server.http.ApiException.Forbidden if it may not write a turn's scope
   */
  public boolean delete(String conversation, ScopeAccess access) {
    List<Turn> turns = turns(conversation, access);
    if (turns.isEmpty()) {
      return false;
    }
    turns.forEach(t -> access.requireWrite(t.block().scope()));
    List<BlockDraft> retractions =
        turns.stream()
            .map(t -> BlockDraft.retraction(t.block().id(), "conversation deleted"))
            .toList();
    knowledge.addAll(retractions);
    return true;
  }

  static String conversationOf(KnowledgeBlock b) {
    for (String tag : b.tags()) {
      if (tag.startsWith(TAG_PREFIX) && isId(tag.substring(TAG_PREFIX.length()))) {
        return tag.substring(TAG_PREFIX.length());
      }
    }
    return null;
  }

  static boolean isTurn(KnowledgeBlock b) {
    return b.type() == BlockType.CHAT && conversationOf(b) != null;
  }
}
