package ai.kiana.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.server.node.NodeConfig;
import ai.kiana.store.StoreConfig;
import ai.kiana.store.ledger.Stores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kiana init's creator account, kiana user …, kiana killswitch … and kiana verify --audit. */
class SecurityCommandsTest {

  @TempDir Path tmp;
  Path dir;
  Kiana kiana;
  Path password;
  Path phrase;

  @BeforeEach
  void setUp() throws Exception {
    dir = tmp.resolve("node");
    kiana = Kiana.in(dir);
    password = Files.writeString(tmp.resolve("pw.txt"), "a long enough password\n");
    phrase = Files.writeString(tmp.resolve("phrase.txt"), "the owls are not what they seem\n");
  }

  @Test
  void initWithAPasswordFileMakesTheCreatorAccount() {
    Kiana.Result r = kiana.ok("init", "--creator-password-file", password.toString());

    assertThat(r.out()).contains("Creator:   account 'creator' created");
    assertThat(kiana.ok("user", "list").out()).containsPattern("creator\\s+creator");
    assertThat(kiana.ok("init").out()).contains("Creator:   an account exists");
  }

  @Test
  void initTakesTheCreatorPasswordFromTheEnvironment() {
    Kiana.Result r =
        Kiana.withEnv(
                Map.of("KIANA_HOME", dir.toString(), "KIANA_CREATOR_PASSWORD", "from the env!!"))
            .ok("init");

    assertThat(r.out()).contains("account 'creator' created");
  }

  @Test
  void initWithoutAPasswordOrTerminalSaysHowToMakeTheCreator() {
    assertThat(kiana.ok("init").out()).contains("one-time setup link");
    assertThat(kiana.ok("user", "list").out()).contains("No accounts yet");
  }

  @Test
  void userAddListPasswdRemove() throws Exception {
    kiana.ok("init", "--creator-password-file", password.toString());

    assertThat(
            kiana
                .ok(
                    "user",
                    "add",
                    "anna",
                    "--role",
                    "admin",
                    "--password-file",
                    password.toString())
                .out())
        .contains("Account anna (admin) created.");
    assertThat(kiana.ok("user", "list").out())
        .containsPattern("anna\\s+admin")
        .containsPattern("creator\\s+creator");
    Path other = Files.writeString(tmp.resolve("other.txt"), "another good password");
    assertThat(kiana.ok("user", "passwd", "anna", "--password-file", other.toString()).out())
        .contains("Password of anna changed.");
    assertThat(kiana.ok("user", "remove", "anna").out()).contains("Account anna removed.");
    assertThat(kiana.ok("user", "list").out()).doesNotContain("anna");
  }

  @Test
  void userGrantAndRevokeScopesAreRecordedInTheAuditLog() throws Exception {
    kiana.ok("init", "--creator-password-file", password.toString());
    kiana.ok("user", "add", "anna", "--password-file", password.toString());

    assertThat(kiana.ok("user", "grant", "anna", "household").out())
        .contains("Scope household granted to anna.");
    assertThat(kiana.ok("user", "grant", "anna", "household").out())
        .contains("anna already holds scope household.");
    assertThat(kiana.ok("user", "revoke", "anna", "household").out())
        .contains("Scope household revoked from anna.");
    Kiana.Result again = kiana.run("user", "revoke", "anna", "household");
    Kiana.Result badScope = kiana.run("user", "grant", "anna", "secret");
    Kiana.Result nobody = kiana.run("user", "grant", "nobody", "public");

    assertThat(again.exitCode()).isEqualTo(2);
    assertThat(badScope.exitCode()).isEqualTo(2);
    assertThat(badScope.err()).contains("private, household or public");
    assertThat(nobody.exitCode()).isEqualTo(2);
    try (ai.kiana.server.node.Node node =
        ai.kiana.server.node.Node.open(NodeConfig.defaults(dir))) {
      assertThat(
              node.security().audit().entries(0, 100).stream()
                  .map(e -> e.action() + " " + e.target() + " " + e.detail())
                  .toList())
          .contains("scope-granted anna household", "scope-revoked anna household");
    }
  }

  @Test
  void accessListsAreChangedAndShownByTheCli() throws Exception {
    kiana.ok("init", "--creator-password-file", password.toString());
    String device = "ab".repeat(32);

    assertThat(kiana.ok("access", "list").out()).contains("every device and address is admitted");
    assertThat(kiana.ok("access", "deny", "device", device).out())
        .contains("Added device " + device + " (deny).");
    assertThat(kiana.ok("access", "allow", "address", "192.168.1.*").out())
        .contains("Added address 192.168.1.* (allow).");
    assertThat(kiana.ok("access", "list").out())
        .containsPattern("deny\\s+device\\s+" + device + " \\(api\\)")
        .containsPattern("allow\\s+address\\s+192\\.168\\.1\\.\\* \\(api\\)");
    assertThat(kiana.ok("access", "remove", "deny", "device", device).out())
        .contains("Removed device " + device + " (deny).");

    Kiana.Result again = kiana.run("access", "remove", "deny", "device", device);
    Kiana.Result badKind = kiana.run("access", "deny", "person", "anna");
    Kiana.Result badAddress = kiana.run("access", "deny", "address", "not-an-address");
    assertThat(again.exitCode()).isEqualTo(3);
    assertThat(badKind.exitCode()).isEqualTo(2);
    assertThat(badAddress.exitCode()).isEqualTo(2);
    assertThat(badAddress.err().strip().lines()).hasSize(1);
  }

  @Test
  void userCommandsRefuseBadInputWithOneLine() throws Exception {
    kiana.ok("init", "--creator-password-file", password.toString());
    Path shortPw = Files.writeString(tmp.resolve("short.txt"), "short");

    Kiana.Result badRole =
        kiana.run("user", "add", "bob", "--role", "king", "--password-file", password.toString());
    Kiana.Result noPassword = kiana.run("user", "add", "bob");
    Kiana.Result tooShort = kiana.run("user", "add", "bob", "--password-file", shortPw.toString());
    Kiana.Result badName =
        kiana.run("user", "add", "../bob", "--password-file", password.toString());
    Kiana.Result lastCreator = kiana.run("user", "remove", "creator");
    Kiana.Result unknown = kiana.run("user", "remove", "nobody");

    assertThat(badRole.exitCode()).isEqualTo(2);
    assertThat(noPassword.exitCode()).isEqualTo(2);
    assertThat(tooShort.exitCode()).isEqualTo(2);
    assertThat(badName.exitCode()).isEqualTo(2);
    assertThat(lastCreator.exitCode()).isEqualTo(1);
    assertThat(lastCreator.err()).contains("only creator");
    assertThat(unknown.exitCode()).isEqualTo(3);
    for (Kiana.Result r : new Kiana.Result[] {badRole, noPassword, tooShort, lastCreator}) {
      assertThat(r.err().strip().lines()).hasSize(1);
      assertThat(r.err()).doesNotContain("Exception");
    }
  }

  @Test
  void killSwitchHaltsSurvivesAndOnlyThePhraseResumes() throws Exception {
    kiana.ok("init");
    Path wrong = Files.writeString(tmp.resolve("wrong.txt"), "not the phrase at all");

    assertThat(kiana.ok("killswitch", "set-phrase", "--phrase-file", phrase.toString()).out())
        .contains("Kill phrase set.");
    assertThat(kiana.ok("killswitch", "status").outLine()).isEqualTo("running");
    Kiana.Result bad = kiana.run("killswitch", "engage", "--phrase-file", wrong.toString());
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.err()).contains("wrong kill phrase");
    assertThat(kiana.ok("killswitch", "status").outLine()).isEqualTo("running");

    assertThat(kiana.ok("killswitch", "engage", "--phrase-file", phrase.toString()).out())
        .startsWith("HALTED");
    assertThat(kiana.ok("killswitch", "status").outLine()).startsWith("HALTED since");
    Kiana.Result teach = kiana.run("teach", "something new");
    assertThat(teach.exitCode()).isEqualTo(1);
    assertThat(teach.err()).contains("halted by the kill switch");
    assertThat(kiana.ok("blocks", "list").exitCode()).isZero();
    assertThat(kiana.run("killswitch", "resume", "--phrase-file", wrong.toString()).exitCode())
        .isEqualTo(1);
    assertThat(kiana.ok("killswitch", "status").outLine()).startsWith("HALTED");

    assertThat(kiana.ok("killswitch", "resume", "--phrase-file", phrase.toString()).out())
        .contains("Resumed.");
    assertThat(kiana.ok("killswitch", "status").outLine()).isEqualTo("running");
    assertThat(kiana.ok("verify", "--audit").outLine())
        .matches("[0-9]+ audit log entries verified");
  }

  @Test
  void verifyAuditFindsAnEditedEntry() throws Exception {
    kiana.ok("init", "--creator-password-file", password.toString());
    kiana.ok("user", "add", "anna", "--password-file", password.toString());
    assertThat(kiana.ok("verify", "--audit").outLine()).isEqualTo("2 audit log entries verified");

    NodeConfig config = NodeConfig.defaults(dir);
    try (Stores stores = Stores.open(new StoreConfig(config.jdbcUrl(), null, null))) {
      stores
          .database()
          .write(
              c -> {
                try (PreparedStatement ps =
                    c.prepareStatement("UPDATE audit_log SET target = 'bert' WHERE seq = 2")) {
                  return ps.executeUpdate();
                }
              });
    }

    Kiana.Result r = kiana.run("verify", "--audit");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).contains("INVALID audit log: entry 2 was edited");
  }
}
