package ai.kiana.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kiana.core.block.StoreException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StoreConfigTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "jdbc:mysql://localhost/kiana",
        "jdbc:h2:mem:x",
        "postgresql://host/db",
        "kiana.db"
      })
  void unsupportedUrlIsRefusedNamingItAndWhatIsSupported(String url) {
    assertThatThrownBy(() -> StoreFactory.open(new StoreConfig(url, null, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(url)
        .hasMessageContaining("jdbc:sqlite:")
        .hasMessageContaining("jdbc:postgresql:");
  }

  @Test
  void missingUrlIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> new StoreConfig(" ", null, null).validate())
        .hasMessageContaining("store.jdbcUrl");
  }

  @ParameterizedTest
  @ValueSource(strings = {"jdbc:sqlite::memory:", "jdbc:sqlite:file:x?mode=memory&cache=shared"})
  void inMemorySqliteIsRefusedBecauseEachConnectionWouldSeeItsOwnDatabase(String url) {
    assertThatThrownBy(() -> new StoreConfig(url, null, null).validate())
        .hasMessageContaining("in-memory");
  }

  @Test
  void sqliteUrlWithoutAFileIsRefused() {
    assertThatThrownBy(() -> new StoreConfig("jdbc:sqlite:", null, null).validate())
        .hasMessageContaining("no database file");
  }

  @Test
  void sqliteFileIsReadFromTheUrl() {
    assertThat(
            new StoreConfig("jdbc:sqlite:file:/data/k.db?journal_mode=wal", null, null)
                .sqliteFile())
        .isEqualTo("/data/k.db");
    assertThat(StoreConfig.sqlite(Path.of("/tmp/x/kiana.db")).jdbcUrl())
        .isEqualTo("jdbc:sqlite:/tmp/x/kiana.db");
  }

  @Test
  void passwordsStayOutOfMessages() {
    StoreConfig config =
        new StoreConfig("jdbc:mysql://h/db?user=u&password=hunter2", "u", "hunter2");

    assertThat(config.toString()).doesNotContain("hunter2");
    assertThatThrownBy(config::validate).message().doesNotContain("hunter2");
  }

  @Test
  void unreachablePostgresFailsWithAMessageNamingTheServer() {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    StoreConfig config = new StoreConfig("jdbc:postgresql://127.0.0.1:1/kiana", "kiana", "secret");

    assertThatThrownBy(() -> StoreFactory.open(config))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(
            "cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:1/kiana as kiana")
        .message()
        .doesNotContain("secret");
  }
}
