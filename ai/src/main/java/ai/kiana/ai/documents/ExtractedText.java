package ai.kiana.ai.documents;

/** A document's plain text, paragraphs separated by blank lines, and its title if it has one. */
public record ExtractedText(String title, String text) {

  public ExtractedText {
    title = title == null ? "" : title.strip().replaceAll("\\s+", " ");
  }
}
