package ai.kiana.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.block.BlockCodec;
import ai.kiana.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlocksShowTest {

  @TempDir Path tmp;
  Kiana kiana;
  String deviceId;

  @BeforeEach
  void init() {
    kiana = Kiana.in(tmp);
    kiana.ok("init");
    deviceId = kiana.ok("id").outLine();
  }

  @Test
  void showPrintsTheBlockAndThatItVerifies() {
    String id = kiana.ok("teach", "Die Erde ist rund", "--tag", "geo").outLine();

    Kiana.Result r = kiana.ok("blocks", "show", id);

    assertThat(r.out())
        .contains(id)
        .contains("Die Erde ist rund")
        .contains("geo")
        .contains("verified, signed by " + deviceId)
        .contains("Retracted      no");
  }

  @Test
  void showAcceptsTheShortIdFromTheList() {
    String id = kiana.ok("teach", "kurz").outLine();

    assertThat(kiana.ok("blocks", "show", id.substring(0, 12)).out()).contains(id);
  }

  @Test
  void showJsonHasTheCanonicalBlockAndItsStatus() {
    String id = kiana.ok("teach", "json bitte").outLine();

    JsonNode node = Json.parse(kiana.ok("blocks", "show", id, "--json").out());

    assertThat(BlockCodec.fromNode(node.get("block")).id().hex()).isEqualTo(id);
    assertThat(node.get("verification").get("status").asText()).isEqualTo("verified");
    assertThat(node.get("retracted").asBoolean()).isFalse();
  }

  @Test
  void tamperedBlockShowsInvalidAndExitsOne() {
    String line = kiana.ok("teach", "original").outLine();
    Path other = tmp.resolve("other");
    Kiana.in(other).ok("init");
    String json = kiana.ok("blocks", "list", "--json").outLine();
    Tamper.storeDirectly(other, Tamper.withContent(BlockCodec.fromJson(json), "forged"));

    Kiana.Result r = Kiana.in(other).run("blocks", "show", line);

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out())
        .contains("INVALID: id does not match the block's content")
        .contains("forged");
  }

  @Test
  void deleteRetractsTheBlockSoTheListHidesItButShowStillExplains() {
    String id = kiana.ok("teach", "veraltet").outLine();

    Kiana.Result deleted = kiana.ok("blocks", "delete", id, "--reason", "outdated");

    assertThat(deleted.out()).contains("retracted " + id.substring(0, 12));
    assertThat(kiana.ok("blocks", "list").out()).doesNotContain("veraltet");
    assertThat(kiana.ok("blocks", "list", "--all").out())
        .contains("veraltet")
        .contains("retraction");
    assertThat(kiana.ok("blocks", "show", id).out()).contains("Retracted      yes");
    Kiana.Result again = kiana.run("blocks", "delete", id);
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).contains("already retracted");
  }
}
