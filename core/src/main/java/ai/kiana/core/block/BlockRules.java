package ai.kiana.core.block;

import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;

/** Limits and field rules shared by drafts and signed blocks. */
final class BlockRules {

  static final int MAX_TITLE_CHARS = 500;
  static final int MAX_CONTENT_CHARS = 1_000_000;
  static final int MAX_TAGS = 32;
  static final int MAX_TAG_CHARS = 64;
  static final int MAX_SUPERSEDES = 64;

  private static final Pattern LANG = Pattern.compile("[a-zA-Z]{2,8}(-[a-zA-Z0-9]{1,8})*");

  private BlockRules() {}

  static void check(
      BlockType type,
      String title,
      String content,
      String lang,
      List<String> tags,
      List<BlockId> supersedes,
      Scope scope) {
    require(type, "type");
    require(title, "title");
    require(content, "content");
    require(tags, "tags");
    require(supersedes, "supersedes");
    require(scope, "scope");
    if (title.length() > MAX_TITLE_CHARS) {
      throw new InvalidBlockException("title", "longer than " + MAX_TITLE_CHARS + " characters");
    }
    if (content.length() > MAX_CONTENT_CHARS) {
      throw new InvalidBlockException(
          "content", "longer than " + MAX_CONTENT_CHARS + " characters; split it into chunks");
    }
    if (lang != null && !LANG.matcher(lang).matches()) {
      throw new InvalidBlockException(
          "lang", "'" + lang + "' is not a language tag such as en or de-AT");
    }
    if (tags.size() > MAX_TAGS) {
      throw new InvalidBlockException("tags", "more than " + MAX_TAGS + " tags");
    }
    for (String tag : tags) {
      if (tag == null || tag.isBlank() || tag.length() > MAX_TAG_CHARS || hasControl(tag)) {
        throw new InvalidBlockException(
            "tags", "a tag is 1 to " + MAX_TAG_CHARS + " printable characters");
      }
    }
    if (new HashSet<>(tags).size() != tags.size()) {
      throw new InvalidBlockException("tags", "a tag appears twice");
    }
    if (supersedes.size() > MAX_SUPERSEDES) {
      throw new InvalidBlockException("supersedes", "more than " + MAX_SUPERSEDES + " blocks");
    }
    if (new HashSet<>(supersedes).size() != supersedes.size()) {
      throw new InvalidBlockException("supersedes", "a block ID appears twice");
    }
    if (type == BlockType.RETRACTION && supersedes.isEmpty()) {
      throw new InvalidBlockException("supersedes", "a retraction names the blocks it retracts");
    }
  }

  private static void require(Object value, String field) {
    if (value == null) {
      throw new InvalidBlockException(field, "missing");
    }
  }

  private static boolean hasControl(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isISOControl(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }
}
