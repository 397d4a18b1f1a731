package ai.kiana.ai.documents;

import java.util.Locale;
import java.util.Optional;

/** The document formats text can be extracted from, recognised by file name extension. */
public enum DocumentType {
  TEXT,
  MARKDOWN,
  HTML,
  PDF;

  public static final String SUPPORTED = ".txt, .text, .md, .markdown, .html, .htm, .pdf";

  public static Optional<DocumentType> of(String fileName) {
    String n = fileName.toLowerCase(Locale.ROOT);
    int dot = n.lastIndexOf('.');
    String ext = dot < 0 ? "" : n.substring(dot + 1);
    return Optional.ofNullable(
        switch (ext) {
          case "txt", "text" -> TEXT;
          case "md", "markdown" -> MARKDOWN;
          case "html", "htm" -> HTML;
          case "pdf" -> PDF;
          default -> null;
        });
  }

  /**
   * @throws DocumentException naming the supported types
   */
  public static DocumentType require(String fileName) {
    return of(fileName)
        .orElseThrow(
            () ->
                new DocumentException(
                    DocumentException.Kind.UNSUPPORTED,
                    fileName + ": unsupported file type (supported: " + SUPPORTED + ")"));
  }
}
