package ai.kiana.ai.documents;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeVisitor;

/** Plain text from .txt, .md, .html and .pdf files; paragraphs end with a blank line. */
public final class TextExtractor {

  private static final Set<String> BLOCK_TAGS =
      Set.of(
          "p",
          "div",
          "section",
          "article",
          "h1",
          "h2",
          "h3",
          "h4",
          "h5",
          "h6",
          "li",
          "pre",
          "blockquote",
          "tr",
          "dt",
          "dd",
          "br",
          "table",
          "ul",
          "ol",
          "header",
          "footer",
          "main");

  private static final Pattern MD_HEADING =
      Pattern.compile("(?m)^\\s{0,3}#{1,6}\\s+(.*?)\\s*#*\\s*$");
  private static final Pattern MD_IMAGE = Pattern.compile("!\\[([^\\]]*)\\]\\([^)]*\\)");
  private static final Pattern MD_LINK = Pattern.compile("\\[([^\\]]+)\\]\\([^)]*\\)");
  private static final Pattern MD_EMPHASIS =
      Pattern.compile("(\\*\\*|__|\\*|_|`)(?=\\S)(.+?)(?<=\\S)\\1");
  private static final Pattern MD_FENCE = Pattern.compile("(?m)^\\s*(```|~~~).*$");
  private static final Pattern MD_LIST = Pattern.compile("(?m)^\\s*([-*+]|\\d+[.)])\\s+");
  private static final Pattern MD_QUOTE = Pattern.compile("(?m)^\\s*>\\s?");
  private static final Pattern MD_RULE = Pattern.compile("(?m)^\\s*([-*_]\\s*){3,}$");

  private TextExtractor() {}

  /**
   * @throws DocumentException if the bytes are not a readable document of that type
   */
  public static ExtractedText extract(DocumentType type, byte[] bytes, String name) {
    return switch (type) {
      case TEXT -> new ExtractedText("", decode(bytes));
      case MARKDOWN -> markdown(decode(bytes));
      case HTML -> html(decode(bytes));
      case PDF -> pdf(bytes, name);
    };
  }

  /** UTF-8 (a byte-order mark is dropped); text that is not UTF-8 is read as Latin-1. */
  static String decode(byte[] bytes) {
    try {
      String s =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
      return s.startsWith("\uFEFF") ? s.substring(1) : s;
    } catch (CharacterCodingException e) {
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }
  }

  static ExtractedText markdown(String md) {
    Matcher h = MD_HEADING.matcher(md);
    String title = h.find() ? h.group(1) : "";
    String s = MD_FENCE.matcher(md).replaceAll("");
    s = MD_HEADING.matcher(s).replaceAll("$1\n");
    s = MD_IMAGE.matcher(s).replaceAll("$1");
    s = MD_LINK.matcher(s).replaceAll("$1");
    s = MD_RULE.matcher(s).replaceAll("");
    s = MD_LIST.matcher(s).replaceAll("");
    s = MD_QUOTE.matcher(s).replaceAll("");
    s = MD_EMPHASIS.matcher(s).replaceAll("$2");
    return new ExtractedText(title, s);
  }

  static ExtractedText html(String html) {
    Document doc = Jsoup.parse(html);
    doc.select("script, style, noscript, template, svg, head").remove();
    String title = doc.title();
    if (title.isBlank()) {
      Element h1 = doc.selectFirst("h1");
      title = h1 == null ? "" : h1.text();
    }
    StringBuilder out = new StringBuilder();
    doc.body()
        .traverse(
            new NodeVisitor() {
              @Override
              public void head(Node node, int depth) {
                if (node instanceof TextNode t) {
                  out.append(t.text());
                } else if (node instanceof Element e && BLOCK_TAGS.contains(e.normalName())) {
                  out.append("\n\n");
                } else if (node instanceof Element e
                    && (e.normalName().equals("td") || e.normalName().equals("th"))) {
                  out.append(' ');
                }
              }

              @Override
              public void tail(Node node, int depth) {
                if (node instanceof Element e && BLOCK_TAGS.contains(e.normalName())) {
                  out.append("\n\n");
                }
              }
            });
    return new ExtractedText(title, out.toString());
  }

  static ExtractedText pdf(byte[] bytes, String name) {
    try (PDDocument doc = Loader.loadPDF(bytes)) {
      if (doc.isEncrypted() && !doc.getCurrentAccessPermission().canExtractContent()) {
        throw new DocumentException(
            DocumentException.Kind.UNREADABLE, name + ": the PDF is encrypted");
      }
      PDFTextStripper stripper = new PDFTextStripper();
      stripper.setParagraphEnd("\n\n");
      String text = stripper.getText(doc);
      String title = doc.getDocumentInformation().getTitle();
      return new ExtractedText(title, text);
    } catch (IOException | RuntimeException e) {
      if (e instanceof DocumentException d) {
        throw d;
      }
      throw new DocumentException(
          DocumentException.Kind.UNREADABLE,
          name + ": not a readable PDF (" + e.getMessage() + ")",
          e);
    }
  }
}
