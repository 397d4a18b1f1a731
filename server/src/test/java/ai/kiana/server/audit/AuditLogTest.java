package ai.kiana.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.ledger.Role;
import ai.kiana.server.http.TestNode;
import ai.kiana.store.sql.SqlBlockStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit log is a hash chain: any edited, removed or reordered entry is found. */
class AuditLogTest {

  @TempDir Path dir;
  TestNode server;
  AuditLog audit;

  @BeforeEach
  void start() {
    server = TestNode.start(dir);
    audit = server.node.security().audit();
    for (int i = 0; i < 5; i++) {
      audit.append("tester", AuditAction.FILTER_HIT, "rule " + i, "detail " + i);
    }
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void anUntouchedLogVerifiesAndEachEntryChainsToTheOneBefore() {
    AuditLog.Report r = audit.verify();

    assertThat(r.ok()).as(r.problem()).isTrue();
    var entries = audit.entries(0, 100);
    assertThat(entries.getFirst().prevHash()).isEqualTo(AuditEntry.GENESIS);
    for (int i = 1; i < entries.size(); i++) {
      assertThat(entries.get(i).prevHash()).isEqualTo(entries.get(i - 1).hash());
    }
  }

  @Test
  void anEditedEntryIsFound() throws Exception {
    sql("UPDATE audit_log SET detail = 'nothing happened' WHERE seq = 3");

    assertThat(audit.verify().problem()).contains("entry 3 was edited");
  }

  @Test
  void anEditWithARecomputedHashBreaksTheNextLink() throws Exception {
    AuditEntry e = audit.entries(2, 1).getFirst();
    AuditEntry forged =
        new AuditEntry(
            e.seq(),
            e.atMs(),
            "someone else",
            e.action(),
            e.target(),
            e.detail(),
            e.prevHash(),
            null);
    sql(
        "UPDATE audit_log SET actor = 'someone else', hash = '"
            + forged.expectedHash()
            + "' WHERE seq = 3");

    assertThat(audit.verify().problem()).contains("entry 4 does not follow entry 3");
  }

  @Test
  void aRemovedEntryIsFound() throws Exception {
    sql("DELETE FROM audit_log WHERE seq = 2");

    assertThat(audit.verify().problem()).contains("entry 2 is missing");
  }

  @Test
  void entriesRemovedFromTheEndAreFound() throws Exception {
    long before = audit.verify().entries();
    sql("DELETE FROM audit_log WHERE seq >= " + (before - 1));

    assertThat(audit.verify().problem()).contains("removed from the end");
  }

  @Test
  void theCreatorReadsTheLogThroughTheApiAndOthersMayNot() {
    TestNode.Reply r = server.get("/api/v1/audit?limit=2");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("entries")).hasSize(2);
    assertThat(r.json().get("next").asLong()).isEqualTo(2);
    assertThat(server.get("/api/v1/audit/verify").json().get("ok").asBoolean()).isTrue();

    assertThat(server.as(Role.ADMIN).get("/api/v1/audit").status()).isEqualTo(403);
    assertThat(actions()).contains("permission-denied");
  }

  @Test
  void roleChangesAndAccountChangesAreRecorded() {
    server.postJson(
        "/api/v1/accounts",
        "{\"username\":\"bert\",\"role\":\"user\",\"password\":\"" + TestNode.PASSWORD + "\"}");
    server.send(
        "PUT",
        "/api/v1/accounts/bert/role",
        "application/json",
        "{\"role\":\"submind\"}",
        java.util.Map.of());
    server.delete("/api/v1/accounts/bert");

    assertThat(actions()).contains("account-created", "role-changed", "account-removed");
  }

  @Test
  void theHeadFileIsOwnerOnly() throws Exception {
    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve(AuditLog.HEAD_FILE))))
        .isEqualTo("rw-------");
  }

  private java.util.List<String> actions() {
    return audit.entries(0, 1000).stream().map(AuditEntry::action).toList();
  }

  /** Tampering as someone with write access to the database file would. */
  private void sql(String statement) throws Exception {
    ((SqlBlockStore) server.node.store())
        .database()
        .write(
            c -> {
              try (PreparedStatement ps = c.prepareStatement(statement)) {
                return ps.executeUpdate();
              }
            });
  }
}
