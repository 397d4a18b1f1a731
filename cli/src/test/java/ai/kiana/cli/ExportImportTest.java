package ai.kiana.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.testkit.TestBlocks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportImportTest {

  @TempDir Path tmp;
  Kiana source;
  Kiana target;

  @BeforeEach
  void init() {
    source = Kiana.in(tmp.resolve("source"));
    target = Kiana.in(tmp.resolve("target"));
    source.ok("init");
    target.ok("init");
  }

  @Test
  void exportImportIntoAnotherNodeVerifiesAndExportsByteIdentical() throws Exception {
    source.ok("teach", "Die Erde ist rund", "--tag", "geo");
    source.ok("teach", "Straße, Öl und 🍵", "--lang", "de");
    String id = source.ok("teach", "wird gelöscht").outLine();
    source.ok("blocks", "delete", id);
    Path file = tmp.resolve("blocks.jsonl");

    Kiana.Result exported = source.ok("export", "--output", file.toString());
    Kiana.Result imported = target.ok("import", file.toString());

    assertThat(exported.out()).contains("4 blocks exported");
    assertThat(imported.out()).contains("4 blocks stored, 0 duplicates");
    assertThat(target.ok("verify").outLine()).isEqualTo("4 blocks verified");
    assertThat(target.ok("export").out())
        .isEqualTo(Files.readString(file))
        .isEqualTo(source.ok("export").out());
  }

  @Test
  void importingTwiceCountsDuplicates() throws Exception {
    source.ok("teach", "einmal");
    Path file = tmp.resolve("blocks.jsonl");
    source.ok("export", "-o", file.toString());
    target.ok("import", file.toString());

    assertThat(target.ok("import", file.toString()).out())
        .contains("0 blocks stored, 1 duplicate already present");
  }

  @Test
  void importFromStandardInput() {
    source.ok("teach", "durch die Pipe");

    Kiana.Result r = target.runWithInput(source.ok("export").out(), "import", "-");

    assertThat(r.exitCode()).isZero();
    assertThat(target.ok("blocks", "list").out()).contains("durch die Pipe");
  }

  @Test
  void tamperedLineIsReportedByNumberAndNothingIsStored() throws Exception {
    List<String> lines = exportedLines(8);
    lines.set(6, Tamper.line(lines.get(6), "gefälscht"));
    Path file = tmp.resolve("tampered.jsonl");
    Files.write(file, lines);

    Kiana.Result r = target.run("import", file.toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .contains("line 7: id does not match the block's content")
        .contains("nothing imported");
    assertThat(target.ok("verify").outLine()).isEqualTo("0 blocks verified");
  }

  @Test
  void badSignatureAndGarbageLinesAreNamed() throws Exception {
    List<String> lines = exportedLines(3);
    String sig = lines.get(1).replaceAll(".*\"sig\":\"([0-9a-f]{128})\".*", "$1");
    String flipped = (sig.charAt(0) == '0' ? "1" : "0") + sig.substring(1);
    lines.set(1, lines.get(1).replace(sig, flipped));
    lines.set(2, "{not json");
    Path file = tmp.resolve("bad.jsonl");
    Files.write(file, lines);

    Kiana.Result r = target.run("import", file.toString());

    assertThat(r.err()).contains("line 2: signature does not verify").contains("line 3: ");
    assertThat(r.exitCode()).isEqualTo(1);
  }

  @Test
  void skipInvalidStoresTheRestButStillExitsOne() throws Exception {
    List<String> lines = exportedLines(3);
    lines.set(0, Tamper.line(lines.get(0), "x"));
    Path file = tmp.resolve("tampered.jsonl");
    Files.write(file, lines);

    Kiana.Result r = target.run("import", file.toString(), "--skip-invalid");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("line 1: ");
    assertThat(r.out()).contains("2 blocks stored");
    assertThat(target.ok("verify").outLine()).isEqualTo("2 blocks verified");
  }

  @Test
  void blocksOfOtherDevicesKeepTheirAuthor() throws Exception {
    TestBlocks other = new TestBlocks(7);
    KnowledgeBlock foreign = other.fact("von einem anderen Gerät");
    Path file = tmp.resolve("foreign.jsonl");
    Files.writeString(file, ai.kiana.core.block.BlockCodec.toJson(foreign) + "\n");

    target.ok("import", file.toString());

    assertThat(target.ok("blocks", "show", foreign.id().hex()).out())
        .contains("verified, signed by " + foreign.author().display());
    assertThat(target.ok("blocks", "list", "--author", foreign.author().display()).out())
        .contains("von einem anderen Gerät");
  }

  private List<String> exportedLines(int n) {
    for (int i = 1; i <= n; i++) {
      source.ok("teach", "Tatsache " + i);
    }
    return new ArrayList<>(source.ok("export").out().lines().toList());
  }
}
