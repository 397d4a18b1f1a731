package ai.kiana.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.block.BlockCodec;
import ai.kiana.core.block.BlockType;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.block.Scope;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TeachAndListTest {

  @TempDir Path tmp;
  Kiana kiana;

  @BeforeEach
  void init() {
    kiana = Kiana.in(tmp);
    kiana.ok("init");
  }

  @Test
  void taughtBlockShowsUpInTheList() {
    String id = kiana.ok("teach", "Die Erde ist rund").outLine();

    assertThat(id).matches("[0-9a-f]{64}");
    String list = kiana.ok("blocks", "list").out();
    assertThat(list).contains(id.substring(0, 12)).contains("fact").contains("Die Erde ist rund");
  }

  @Test
  void teachStoresEveryGivenFieldSigned() {
    String id =
        kiana
            .ok(
                "teach",
                "Wasser kocht bei 100 Grad",
                "--title",
                "Kochen",
                "--tag",
                "physik",
                "--tag",
                "küche",
                "--type",
                "note",
                "--lang",
                "de",
                "--scope",
                "household")
            .outLine();

    List<String> lines = kiana.ok("blocks", "list", "--json").out().lines().toList();
    assertThat(lines).hasSize(1);
    KnowledgeBlock b = BlockCodec.fromJson(lines.get(0));
    assertThat(b.id().hex()).isEqualTo(id);
    assertThat(b.type()).isEqualTo(BlockType.NOTE);
    assertThat(b.title()).isEqualTo("Kochen");
    assertThat(b.tags()).containsExactly("küche", "physik");
    assertThat(b.lang()).isEqualTo("de");
    assertThat(b.scope()).isEqualTo(Scope.HOUSEHOLD);
    assertThat(b.content()).isEqualTo("Wasser kocht bei 100 Grad");
  }

  @Test
  void dashReadsTheTextFromStandardInput() {
    kiana.runWithInput("Zeile eins\nZeile zwei\n", "teach", "-");

    KnowledgeBlock b = BlockCodec.fromJson(kiana.ok("blocks", "list", "--json").outLine());
    assertThat(b.content()).isEqualTo("Zeile eins\nZeile zwei");
  }

  @Test
  void listFiltersByTagTypeAndText() {
    kiana.ok("teach", "Berlin ist die Hauptstadt", "--tag", "geo");
    kiana.ok("teach", "Milch kaufen", "--type", "note");

    assertThat(kiana.ok("blocks", "list", "--tag", "geo").out())
        .contains("Berlin")
        .doesNotContain("Milch");
    assertThat(kiana.ok("blocks", "list", "--type", "note").out())
        .contains("Milch")
        .doesNotContain("Berlin");
    assertThat(kiana.ok("blocks", "list", "--query", "MILCH").out())
        .contains("Milch")
        .doesNotContain("Berlin");
    assertThat(kiana.ok("blocks", "list", "--tag", "nothing").out()).contains("(no blocks match)");
  }

  @Test
  void listPagesNewestFirstUpToTheLimit() {
    for (int i = 0; i < 5; i++) {
      kiana.ok("teach", "fact number " + i);
    }

    List<String> rows = kiana.ok("blocks", "list", "--limit", "3").out().lines().toList();

    assertThat(rows).hasSize(5); // header, three rows, "more" line
    assertThat(rows.get(1)).contains("fact number 4");
    assertThat(rows.get(4)).contains("raise --limit");
  }

  @Test
  void dataDirWorksBeforeAndAfterTheCommandAndFromKiana_home() {
    String before =
        Kiana.withEnv(Map.of()).ok("--data-dir", tmp.toString(), "teach", "eins").outLine();
    String after =
        Kiana.withEnv(Map.of()).ok("teach", "zwei", "--data-dir", tmp.toString()).outLine();
    String nested =
        Kiana.withEnv(Map.of()).ok("blocks", "--data-dir", tmp.toString(), "list", "--json").out();
    String viaEnv =
        Kiana.withEnv(Map.of("KIANA_HOME", tmp.toString())).ok("blocks", "list", "--json").out();

    assertThat(nested).contains(before).contains(after);
    assertThat(viaEnv).isEqualTo(nested);
  }

  @Test
  void onlyFactsNotesAndMemoriesCanBeTaught() {
    Kiana.Result r = kiana.run("teach", "x", "--type", "retraction");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("fact, note or memory");
  }
}
