package ai.kiana.core.block;

import java.util.List;
import java.util.TreeSet;

/**
 * What a user asks to store: everything of a block that is not added by signing. Tags and
 * superseded IDs are normalised (trimmed, de-duplicated, sorted) so equal drafts sign equally.
 */
public record BlockDraft(
    BlockType type,
    String title,
    String content,
    String lang,
    List<String> tags,
    Source source,
    List<BlockId> supersedes,
    Scope scope) {

  public BlockDraft {
    tags =
        tags == null
            ? List.of()
            : List.copyOf(
                new TreeSet<>(tags.stream().map(t -> t == null ? null : t.strip()).toList()));
    supersedes = supersedes == null ? List.of() : List.copyOf(new TreeSet<>(supersedes));
    title = title == null ? "" : title.strip();
    scope = scope == null ? Scope.PRIVATE : scope;
    BlockRules.check(type, title, content, lang, tags, supersedes, scope);
  }

  /** A private fact with the given text and no title. */
  public static BlockDraft fact(String content) {
    return new BlockDraft(
        BlockType.FACT, "", content, null, List.of(), null, List.of(), Scope.PRIVATE);
  }

  /** A retraction of {@code target}, with an optional reason as content. */
  public static BlockDraft retraction(BlockId target, String reason) {
    return new BlockDraft(
        BlockType.RETRACTION,
        "",
        reason == null ? "" : reason,
        null,
        List.of(),
        null,
        List.of(target),
        Scope.PRIVATE);
  }
}
