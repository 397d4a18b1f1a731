package ai.kiana.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentImportTest {

  @TempDir Path tmp;
  Kiana kiana;

  @BeforeEach
  void init() {
    kiana = Kiana.in(tmp.resolve("node"));
    kiana.ok("init");
  }

  @Test
  void folderWithABadFileImportsTheGoodOnesReportsTheBadAndExitsOne() throws Exception {
    Path docs = Files.createDirectories(tmp.resolve("docs"));
    Files.writeString(docs.resolve("a.txt"), "The piano was tuned in April.");
    Files.writeString(docs.resolve("b.md"), "# Car\n\nThe car needs new tyres before winter.");
    Files.writeString(docs.resolve("c.pdf"), "%PDF-1.5 not really");
    Kiana.Result r = kiana.run("import", docs.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCode.FAILURE);
    assertThat(r.out()).contains("2 added, 0 updated, 0 unchanged; 2 chunks");
    assertThat(r.err())
        .contains("c.pdf: ")
        .contains("not a readable PDF")
        .contains("1 file not imported");
    assertThat(r.err()).contains("[##############################] 3/3");
    assertThat(kiana.ok("blocks", "list", "--type", "chunk").out())
        .contains("a.txt")
        .contains("Car");
  }

  @Test
  void changedFileImportedAgainSupersedesItsChunks() throws Exception {
    Path f = Files.writeString(tmp.resolve("note.txt"), "The spare tyre is in the garage.");
    kiana.ok("import", f.toString());
    assertThat(kiana.ok("import", f.toString()).out()).contains("0 added, 0 updated, 1 unchanged");
    Files.writeString(f, "The spare tyre is in the cellar.");
    assertThat(kiana.ok("import", f.toString()).out()).contains("0 added, 1 updated");
    assertThat(kiana.ok("blocks", "list", "--type", "chunk", "--query", "cellar").out())
        .contains("note.txt");
    assertThat(kiana.ok("blocks", "list", "--type", "chunk", "--query", "garage").out())
        .doesNotContain("note.txt");
  }

  @Test
  void unsupportedFileIsAOneLineUsageError() throws Exception {
    Path f = Files.writeString(tmp.resolve("sheet.xlsx"), "PK");
    Kiana.Result r = kiana.run("import", f.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err().strip())
        .startsWith("kiana: ")
        .contains("unsupported file type")
        .doesNotContain("\n");
  }

  @Test
  void reindexRebuildsFromTheStore() {
    kiana.ok("teach", "The heating oil was delivered in September.");
    assertThat(kiana.ok("reindex").out()).contains("blocks indexed");
  }

  @Test
  void followedFolderIsListedAndImported() throws Exception {
    Path docs = Files.createDirectories(tmp.resolve("followed"));
    Files.writeString(docs.resolve("x.txt"), "The cat flap code is 1234.");
    assertThat(kiana.ok("follow", docs.toString()).out()).contains("1 added");
    assertThat(kiana.ok("follow", "--list").out()).contains(docs.toString());
    Files.delete(docs.resolve("x.txt"));
    kiana.ok("follow", docs.toString());
    assertThat(kiana.ok("blocks", "list", "--type", "chunk").out()).doesNotContain("x.txt");
    kiana.ok("follow", "--stop", docs.toString());
    assertThat(kiana.ok("follow", "--list").out()).doesNotContain(docs.toString());
  }
}
