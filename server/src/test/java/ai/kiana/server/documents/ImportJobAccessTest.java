package ai.kiana.server.documents;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.block.Scope;
import ai.kiana.core.ledger.Role;
import ai.kiana.server.http.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An import job's report (which files went in) belongs to the account that started it: other
 * accounts with scope grants get the answer an unknown job gets; the creator and admins see all.
 */
class ImportJobAccessTest {

  @TempDir Path dir;
  TestNode server;
  Path file;

  @BeforeEach
  void start() throws Exception {
    server = TestNode.start(dir.resolve("node"));
    for (String user : new String[] {"anna", "bob"}) {
      TestNode.accountFor(server.node, user, Role.USER);
      server.node.security().scopes().grant(user, Scope.PRIVATE, "test");
      server.node.security().scopes().grant(user, Scope.HOUSEHOLD, "test");
    }
    file = dir.resolve("anna-diary.txt");
    Files.writeString(file, "Anna's diary: the surprise party is on Friday.");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String startJob(TestNode as) {
    TestNode.Reply r =
        as.postJson(
            "/api/v1/documents", "{\"path\":\"" + file.toString().replace("\\", "/") + "\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    return r.json().path("job").asText();
  }

  @Test
  void theUserWhoStartedAJobSeesItAndAnotherUserGetsTheAnswerOfAnUnknownJob() {
    TestNode anna = server.asUser("anna", Role.USER);
    TestNode bob = server.asUser("bob", Role.USER);
    String job = startJob(anna);

    TestNode.Reply own = anna.get("/api/v1/documents/jobs/" + job);
    assertThat(own.status()).as(own.body()).isEqualTo(200);
    assertThat(own.json().path("job").asText()).isEqualTo(job);

    TestNode.Reply other = bob.get("/api/v1/documents/jobs/" + job);
    TestNode.Reply unknown = bob.get("/api/v1/documents/jobs/" + "0".repeat(36));
    assertThat(other.status()).as(other.body()).isEqualTo(404);
    assertThat(other.json().path("error").asText()).isEqualTo("no_such_job");
    assertThat(other.body()).doesNotContain("anna-diary").doesNotContain("state");
    assertThat(other.json().path("message").asText())
        .isEqualTo(unknown.json().path("message").asText().replace("0".repeat(36), job));

    String bobs = startJob(bob);
    assertThat(bob.get("/api/v1/documents/jobs/" + bobs).status()).isEqualTo(200);
    assertThat(anna.get("/api/v1/documents/jobs/" + bobs).status()).isEqualTo(404);
  }

  @ParameterizedTest
  @EnumSource(
      value = Role.class,
      names = {"CREATOR", "ADMIN"})
  void theCreatorAndAdminsSeeEveryJob(Role role) {
    String job = startJob(server.asUser("anna", Role.USER));

    TestNode.Reply r = server.as(role).get("/api/v1/documents/jobs/" + job);

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().path("job").asText()).isEqualTo(job);
  }

  @ParameterizedTest
  @ValueSource(strings = {"submind", "carl"})
  void otherAccountsThatMayImportSeeOnlyTheirOwn(String name) {
    Role role = name.equals("submind") ? Role.SUBMIND : Role.USER;
    TestNode caller = server.asUser(name, role);
    String annas = startJob(server.asUser("anna", Role.USER));

    assertThat(caller.get("/api/v1/documents/jobs/" + annas).status()).isEqualTo(404);
    if (role == Role.USER) {
      server.node.security().scopes().grant(name, Scope.PRIVATE, "test");
    }
    String own = startJob(caller);
    assertThat(caller.get("/api/v1/documents/jobs/" + own).status()).isEqualTo(200);
  }

  @Test
  void jobsStartedByTheCreatorStayHiddenFromUsers() {
    String job = startJob(server);

    assertThat(server.get("/api/v1/documents/jobs/" + job).status()).isEqualTo(200);
    assertThat(server.asUser("anna", Role.USER).get("/api/v1/documents/jobs/" + job).status())
        .isEqualTo(404);
  }
}
