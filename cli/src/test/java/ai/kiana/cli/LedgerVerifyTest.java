package ai.kiana.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.ledger.LedgerBlock;
import ai.kiana.core.ledger.TxPayload;
import ai.kiana.server.node.Node;
import ai.kiana.server.node.NodeConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kiana verify --ledger} on a node whose ledger has a few sealed blocks, before and after
 * its database is edited behind the node's back, as a damaged disk or an attacker would.
 */
class LedgerVerifyTest {

  @TempDir Path dir;
  Kiana kiana;

  @BeforeEach
  void nodeWithFourLedgerBlocks() throws Exception {
    kiana = Kiana.in(dir);
    kiana.ok("init");
    try (Node node = Node.open(NodeConfig.defaults(dir))) {
      for (int i = 1; i <= 3; i++) {
        LedgerBlock sealed =
            node.ledger()
                .submit(new TxPayload.PolicyChanged("test.round", "value-" + i))
                .sealed()
                .get(10, TimeUnit.SECONDS);
        assertThat(sealed.height()).isEqualTo(i);
      }
    }
  }

  @Test
  void anUntouchedLedgerVerifiesFromGenesisToTheHead() {
    Kiana.Result r = kiana.run("verify", "--ledger");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.outLine()).matches("4 ledger blocks verified \\(head [0-9a-f]{12} at height 3\\)");
  }

  @Test
  void verifyWithoutFlagsChecksTheKnowledgeBlocksOnlyAndAllChecksBoth() {
    assertThat(kiana.ok("verify").outLine()).isEqualTo("0 blocks verified");

    assertThat(kiana.ok("verify", "--all").out().lines())
        .hasSize(2)
        .anyMatch(l -> l.startsWith("4 ledger blocks verified"))
        .contains("0 blocks verified");
  }

  @Test
  void anEditedTransactionInAStoredBlockIsReportedWithItsHeightAndKind() throws SQLException {
    sql(
        "UPDATE ledger_blocks SET block_json = replace(block_json, 'value-2', 'value-X')"
            + " WHERE height = 2");

    Kiana.Result r = kiana.run("verify", "--ledger");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.outLine()).startsWith("INVALID ledger block 2: bad-hash: ");
    assertThat(r.err().strip())
        .isEqualTo("kiana: the ledger fails verification at height 2 (bad-hash)");
  }

  @Test
  void aBlockReplacedByAResealedForgeryIsReportedToo() throws SQLException {
    // Keep the hash column but change the proposer's claimed difficulty: the seal no longer fits.
    sql(
        "UPDATE ledger_blocks SET block_json = replace(block_json, '\"difficulty\":2',"
            + " '\"difficulty\":1') WHERE height = 1");

    Kiana.Result r = kiana.run("verify", "--all");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).contains("INVALID ledger block 1: bad-hash").contains("0 blocks verified");
    assertThat(r.err()).contains("at height 1 (bad-hash)");
  }

  @Test
  void aDeletedBlockBreaksTheChainAtItsChild() throws SQLException {
    sql("DELETE FROM ledger_blocks WHERE height = 1");

    Kiana.Result r = kiana.run("verify", "--ledger");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.outLine()).startsWith("INVALID ledger: the block at height 2 names parent ");
  }

  @Test
  void aBlockThatNoLongerParsesIsReported() throws SQLException {
    sql("UPDATE ledger_blocks SET block_json = '{\"v\":1}' WHERE height = 3");

    Kiana.Result r = kiana.run("verify", "--ledger");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.outLine()).contains("a stored ledger block cannot be read back");
  }

  @Test
  void aLedgerDeletedAltogetherIsReported() throws SQLException {
    sql("DELETE FROM ledger_head");
    sql("DELETE FROM ledger_blocks");

    Kiana.Result r = kiana.run("verify", "--ledger");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.outLine()).contains("there is no ledger");
  }

  @Test
  void showListsTheSealedTransactionsNewestFirst() {
    Kiana.Result r = kiana.ok("ledger", "show", "--limit", "2");

    assertThat(
            r.out()
                .lines()
                .filter(l -> l.matches("^[0-9]+ +[0-9a-f]{12} .*"))
                .map(l -> l.split(" ")[0]))
        .containsExactly("3", "2");
    assertThat(r.out()).contains("policy-changed").contains("4 blocks on the chain");
  }

  private void sql(String statement) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("kiana.db"));
        PreparedStatement ps = c.prepareStatement(statement)) {
      ps.executeUpdate();
    }
  }
}
