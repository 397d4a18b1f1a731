package ai.kiana.ai.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kiana.ai.retrieval.HybridRetriever;
import ai.kiana.ai.retrieval.Passage;
import ai.kiana.ai.retrieval.SearchTestbed;
import ai.kiana.core.block.BlockType;
import ai.kiana.core.block.KnowledgeBase;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.testkit.InMemoryBlockStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentImporterTest {

  @TempDir Path dir;
  SearchTestbed search;
  InMemoryBlockStore store;
  KnowledgeBase kb;
  DocumentImporter importer;
  HybridRetriever retriever;

  @BeforeEach
  void open() {
    search = new SearchTestbed(dir);
    store = search.store;
    kb = search.knowledge;
    importer = new DocumentImporter(kb, search.index.index(), new Chunker(200, 40));
    retriever = search.retriever;
  }

  @AfterEach
  void close() {
    search.close();
  }

  static byte[] pdf(String... lines) throws IOException {
    try (PDDocument doc = new PDDocument();
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      PDPage page = new PDPage();
      doc.addPage(page);
      try (PDPageContentStream s = new PDPageContentStream(doc, page)) {
        s.beginText();
        s.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
        s.newLineAtOffset(50, 700);
        for (String line : lines) {
          s.showText(line);
          s.newLineAtOffset(0, -16);
        }
        s.endText();
      }
      doc.save(out);
      return out.toByteArray();
    }
  }

  Path write(String name, String text) throws IOException {
    Path p = dir.resolve("docs").resolve(name);
    Files.createDirectories(p.getParent());
    return Files.writeString(p, text);
  }

  List<KnowledgeBlock> liveChunks() {
    return all().stream()
        .filter(b -> b.type() == BlockType.CHUNK)
        .filter(b -> store.supersedersOf(b.id()).isEmpty())
        .toList();
  }

  List<KnowledgeBlock> all() {
    List<KnowledgeBlock> out = new java.util.ArrayList<>();
    store.forEach(out::add);
    return out;
  }

  String best(String question) {
    List<Passage> p = retriever.retrieve(question, 1);
    return p.isEmpty() ? "" : p.get(0).block().content();
  }

  @Test
  void everyFormatBecomesChunksPointingAtTheirSource() throws IOException {
    write("notes.txt", "The lighthouse keeper lives on the island of Sula.");
    write("recipe.md", "# Pancakes\n\nMix **two eggs** with [milk](http://x) and flour.");
    write(
        "page.html",
        "<html><head><title>Garden</title><script>var x=1;</script></head>"
            + "<body><h1>Garden</h1><p>Tomatoes need <b>full sun</b>.</p></body></html>");
    Files.write(dir.resolve("docs/report.pdf"), pdf("Quarterly revenue rose by twelve percent."));
    ImportResult r = importer.importPath(dir.resolve("docs"), (d, t, c) -> {});
    assertThat(r.failed()).isEmpty();
    assertThat(r.count(ImportResult.Outcome.ADDED)).isEqualTo(4);
    assertThat(best("Where does the lighthouse keeper live?")).contains("Sula");
    assertThat(best("pancake eggs")).contains("Mix two eggs with milk and flour");
    assertThat(best("tomatoes sun")).contains("Tomatoes need full sun").doesNotContain("var x");
    assertThat(best("revenue growth")).contains("twelve percent");
    KnowledgeBlock chunk = retriever.retrieve("lighthouse", 1).get(0).block();
    assertThat(chunk.source().uri()).endsWith("/docs/notes.txt").startsWith("file:");
    assertThat(chunk.source().sha256()).hasSize(64);
  }

  @Test
  void longDocumentIsSplitIntoOverlappingChunks() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 30; i++) {
      sb.append("Sentence number ").append(i).append(" talks about topic ").append(i).append(". ");
    }
    importer.importFile(write("long.txt", sb.toString()));
    assertThat(liveChunks().size()).isGreaterThan(5);
    assertThat(liveChunks()).allSatisfy(b -> assertThat(b.content().length()).isLessThan(201));
  }

  @Test
  void changedFileSupersedesItsOldChunksAndUnchangedFileAddsNothing() throws IOException {
    Path f = write("plan.txt", "The trip to Lisbon starts on the fifth of May.");
    importer.importFile(f);
    int before = all().size();
    assertThat(importer.importFile(f).outcome()).isEqualTo(ImportResult.Outcome.UNCHANGED);
    assertThat(all()).hasSize(before);
    write("plan.txt", "The trip to Porto starts on the ninth of June.");
    assertThat(importer.importFile(f).outcome()).isEqualTo(ImportResult.Outcome.UPDATED);
    assertThat(liveChunks()).extracting(KnowledgeBlock::content).allMatch(c -> c.contains("Porto"));
    assertThat(best("When does the trip start?")).contains("Porto");
  }

  @Test
  void removedSourceIsRetracted() throws IOException {
    Path f = write("secret.txt", "The safe combination is 12-34-56.");
    importer.importFile(f);
    assertThat(importer.removeSource(DocumentImporter.uriOf(f))).isEqualTo(1);
    assertThat(retriever.retrieve("safe combination", 5)).isEmpty();
  }

  @Test
  void folderWithBadFilesImportsTheGoodOnesAndReportsTheBad() throws IOException {
    write("good.txt", "Penguins live in the southern hemisphere.");
    write("broken.pdf", "%PDF-1.7 this is not really a pdf");
    write("program.exe", "MZ binary");
    write(".hidden.txt", "Hidden files are skipped.");
    ImportResult r = importer.importPath(dir.resolve("docs"), (d, t, c) -> {});
    assertThat(r.imported()).hasSize(1);
    assertThat(r.failed())
        .extracting(ImportResult.Failure::file)
        .containsExactlyInAnyOrder("broken.pdf", "program.exe");
    assertThat(r.failed())
        .extracting(ImportResult.Failure::reason)
        .anyMatch(m -> m.contains("not a readable PDF"))
        .anyMatch(m -> m.contains("unsupported file type"));
    assertThat(liveChunks()).hasSize(1);
  }

  @Test
  void corruptPdfGivenDirectlyFailsAndStoresNothing() throws IOException {
    Path f = dir.resolve("bad.pdf");
    Files.write(f, new byte[] {'%', 'P', 'D', 'F', 0, 1, 2});
    assertThatThrownBy(() -> importer.importFile(f))
        .isInstanceOf(DocumentException.class)
        .hasMessageContaining("not a readable PDF");
    assertThat(all()).isEmpty();
  }

  @Test
  void unsupportedTypeAndEmptyDocumentAreRefused() throws IOException {
    assertThatThrownBy(() -> importer.importFile(write("x.docx", "?")))
        .hasMessageContaining("unsupported file type");
    assertThatThrownBy(() -> importer.importFile(write("empty.md", "  \n\n ")))
        .hasMessageContaining("holds no text");
    assertThat(all()).isEmpty();
  }
}
