package ai.kiana.server.chat;

import ai.kiana.core.block.BlockId;
import ai.kiana.core.block.KnowledgeBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One stored turn of a conversation, read back from its chat block. An answer's block content is
 * its text followed, when it cites anything, by a footer that names the cited blocks in order:
 *
 * <pre>
 * …answer text…
 *
 * Sources:
 * [1] 3f2a…(64 hex)
 * [2] …
 * </pre>
 *
 * so that the block is readable on its own and its citations sync with it.
 */
public record Turn(KnowledgeBlock block, String role, String text, List<BlockId> citations) {

  static final String FOOTER = "\n\nSources:\n";
  private static final Pattern SOURCE_LINE = Pattern.compile("\\[(\\d+)] ([0-9a-f]{64})");

  public Turn {
    citations = List.copyOf(citations);
  }

  static String content(String text, List<BlockId> citations) {
    if (citations.isEmpty()) {
      return text;
    }
    StringBuilder s = new StringBuilder(text).append(FOOTER);
    for (int i = 0; i < citations.size(); i++) {
      s.append('[').append(i + 1).append("] ").append(citations.get(i).hex());
      if (i < citations.size() - 1) {
        s.append('\n');
      }
    }
    return s.toString();
  }

  static Turn of(KnowledgeBlock block) {
    String role = block.tags().contains(Conversations.ROLE_ASSISTANT) ? "assistant" : "user";
    String content = block.content();
    int at = content.lastIndexOf(FOOTER);
    if (role.equals("assistant") && at >= 0) {
      List<BlockId> ids = new ArrayList<>();
      boolean all = true;
      for (String line : content.substring(at + FOOTER.length()).split("\n")) {
        Matcher m = SOURCE_LINE.matcher(line);
        if (m.matches() && Integer.parseInt(m.group(1)) == ids.size() + 1) {
          ids.add(new BlockId(m.group(2)));
        } else {
          all = false;
          break;
        }
      }
      if (all && !ids.isEmpty()) {
        return new Turn(block, role, content.substring(0, at), ids);
      }
    }
    return new Turn(block, role, content, List.of());
  }
}
