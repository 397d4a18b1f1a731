package ai.kiana.server.chat;

import ai.kiana.ai.text.Language;
import ai.kiana.core.block.BlockConflictException;
import ai.kiana.core.block.BlockDraft;
import ai.kiana.core.block.BlockId;
import ai.kiana.core.block.BlockNotFoundException;
import ai.kiana.core.block.BlockPage;
import ai.kiana.core.block.BlockQuery;
import ai.kiana.core.block.BlockType;
import ai.kiana.core.block.BlockView;
import ai.kiana.core.block.KnowledgeBase;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.block.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the user asked KI_ana to remember: {@code memory} blocks. Editing stores a new memory that
 * supersedes the old one, deleting stores a retraction; memories are retrieved and cited like any
 * other knowledge.
 */
public final class Memories {

  public static final int MAX_CHARS = 8000;

  /**
   * "remember that …", "please remember: …", "merk dir, dass …", "merke dir …": the rest of the
   * message is the memory.
   */
  private static final Pattern REMEMBER =
      Pattern.compile(
          "^\\s*(?:please\\s+|bitte\\s+)?(?:remember|merk(?:e)?\\s+dir)\\b\\s*[,:]?\\s*"
              + "(?:that\\b|dass\\b)?\\s*[,:]?\\s*(.+?)\\s*$",
          Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);

  private final KnowledgeBase knowledge;

  public Memories(KnowledgeBase knowledge) {
    this.knowledge = knowledge;
  }

  /** The memory a chat message asks to store, if it is such a request. */
  public static Optional<String> requested(String message) {
    Matcher m = REMEMBER.matcher(message);
    if (!m.matches() || m.group(1).codePoints().noneMatch(Character::isLetterOrDigit)) {
      return Optional.empty();
    }
    String text = m.group(1);
    return Optional.of(Character.toUpperCase(text.charAt(0)) + text.substring(1));
  }

  public KnowledgeBlock add(String text) {
    return knowledge.add(draft(text, List.of()));
  }

  /**
   * Replaces a live memory by a new one that supersedes it.
   *
   * @throws BlockNotFoundException if there is no such memory
   * @throws BlockConflictException if it was already edited or deleted
   */
  public KnowledgeBlock edit(BlockId id, String text) {
    requireLiveMemory(id);
    return knowledge.add(draft(text, List.of(id)));
  }

  public KnowledgeBlock delete(BlockId id) {
    requireLiveMemory(id);
    return knowledge.retract(id, "memory deleted");
  }

  /** Live memories, newest first. */
  public List<KnowledgeBlock> list() {
    List<KnowledgeBlock> out = new ArrayList<>();
    BlockQuery q =
        new BlockQuery(
            Set.of(BlockType.MEMORY),
            null,
            null,
            null,
            null,
            null,
            true,
            null,
            BlockQuery.MAX_LIMIT);
    for (BlockPage page = knowledge.list(q); ; page = knowledge.list(q.withAfter(page.next()))) {
      out.addAll(page.blocks());
      if (page.next() == null) {
        return out;
      }
    }
  }

  private void requireLiveMemory(BlockId id) {
    BlockView view = knowledge.view(id);
    if (view.block().type() != BlockType.MEMORY) {
      throw new BlockNotFoundException(id);
    }
    if (!view.live()) {
      throw new BlockConflictException(
          "memory " + id.shortForm() + " was already " + (view.retracted() ? "deleted" : "edited"));
    }
  }

  private static BlockDraft draft(String text, List<BlockId> supersedes) {
    String t = text == null ? "" : text.strip();
    if (t.isEmpty() || t.length() > MAX_CHARS) {
      throw new IllegalArgumentException("a memory is 1 to " + MAX_CHARS + " characters");
    }
    return new BlockDraft(
        BlockType.MEMORY, "", t, Language.guess(t), List.of(), null, supersedes, Scope.PRIVATE);
  }
}
