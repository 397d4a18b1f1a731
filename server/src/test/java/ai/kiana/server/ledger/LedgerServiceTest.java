package ai.kiana.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kiana.core.block.StoreException;
import ai.kiana.core.crypto.Ed25519;
import ai.kiana.core.crypto.Ed25519Engines;
import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.core.ledger.LedgerBlock;
import ai.kiana.core.ledger.LedgerStore;
import ai.kiana.core.ledger.TxPayload;
import ai.kiana.store.StoreConfig;
import ai.kiana.store.ledger.Stores;
import ai.kiana.testkit.FakeClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerServiceTest {

  static final Ed25519 ED = Ed25519Engines.fastest();

  @TempDir Path dir;
  final FakeClock clock = new FakeClock();
  final NodeIdentity identity = NodeIdentity.generate(ED);
  Stores stores;

  @BeforeEach
  void openStores() {
    stores = Stores.open(StoreConfig.sqlite(dir.resolve("kiana.db")));
  }

  @AfterEach
  void closeStores() {
    stores.close();
  }

  LedgerService open(LedgerStore store) {
    return LedgerService.open(store, identity, ED, clock);
  }

  @Test
  void anEmptyStoreGetsAGenesisWithThisDeviceAsCreatorAndOnlyValidator() {
    try (LedgerService ledger = open(stores.ledger())) {
      LedgerBlock genesis = ledger.head();
      assertThat(genesis.height()).isZero();
      assertThat(genesis.timestamp()).isEqualTo(clock.millis());
      assertThat(ledger.headState().validators()).containsExactly(identity.deviceId());
      assertThat(stores.ledger().head()).contains(genesis.hash());
    }
  }

  @Test
  void aSubmittedIntentIsSealedAndStoredBeforeItsFutureCompletes() throws Exception {
    try (LedgerService ledger = open(stores.ledger())) {
      clock.advance(Duration.ofSeconds(1)); // past the genesis by more than the block period
      LedgerService.Submission s = ledger.submit(new TxPayload.PolicyChanged("a", "1"));

      LedgerBlock block = s.sealed().get(5, TimeUnit.SECONDS);

      assertThat(s.admission().pooled()).isTrue();
      assertThat(block.txs()).extracting(tx -> tx.id()).containsExactly(s.txId());
      assertThat(stores.ledger().get(block.hash())).contains(block);
      assertThat(stores.ledger().head()).contains(block.hash());
      assertThat(ledger.pending()).isEmpty();
    }
  }

  @Test
  void theScheduledTickSealsOnceTheBlockPeriodHasPassed() throws Exception {
    try (LedgerService ledger = open(stores.ledger())) {
      LedgerService.Submission s = ledger.submit(new TxPayload.PolicyChanged("a", "1"));
      Thread.sleep(3 * LedgerService.DEFAULT_TICK_PERIOD.toMillis());
      assertThat(s.sealed()).isNotDone();
      assertThat(ledger.pending()).hasSize(1);

      clock.advance(Duration.ofSeconds(1));

      assertThat(s.sealed().get(5, TimeUnit.SECONDS).height()).isEqualTo(1);
    }
  }

  @Test
  void aReopenedLedgerKeepsItsChainAndContinuesTheSeqs() throws Exception {
    String head;
    try (LedgerService ledger = open(stores.ledger())) {
      for (int i = 0; i < 2; i++) {
        clock.advance(Duration.ofSeconds(1));
        ledger.submit(new TxPayload.PolicyChanged("a", "v" + i)).sealed().get(5, TimeUnit.SECONDS);
      }
      head = ledger.head().hash();
    }
    clock.advance(Duration.ofSeconds(1));
    try (LedgerService ledger = open(stores.ledger())) {
      assertThat(ledger.head().hash()).isEqualTo(head);
      assertThat(ledger.headState().policies()).containsEntry("a", "v1");

      LedgerService.Submission s = ledger.submit(new TxPayload.PolicyChanged("a", "v2"));

      assertThat(s.tx().seq()).isEqualTo(4); // genesis 1, then 2 and 3
      assertThat(s.sealed().get(5, TimeUnit.SECONDS).height()).isEqualTo(3);
    }
  }

  @Test
  void aStoreFailureDuringATickIsRetriedOnTheNextTick() throws Exception {
    AtomicInteger failures = new AtomicInteger(1);
    LedgerStore flaky = new FailingPuts(stores.ledger(), failures);
    try (LedgerService ledger = open(flaky)) {
      clock.advance(Duration.ofSeconds(1));
      LedgerService.Submission s = ledger.submit(new TxPayload.PolicyChanged("a", "1"));

      LedgerBlock block = s.sealed().get(5, TimeUnit.SECONDS);

      assertThat(failures.get()).isZero();
      assertThat(stores.ledger().head()).contains(block.hash());
    }
  }

  @Test
  void closingStopsTheLedgerThreadAndCancelsWaitingSubmissions() {
    LedgerService ledger = open(stores.ledger());
    LedgerService.Submission s = ledger.submit(new TxPayload.PolicyChanged("a", "1"));

    ledger.close();

    assertThat(ledger.stopped()).isTrue();
    assertThat(s.sealed()).isCancelled();
    assertThatThrownBy(() -> s.sealed().get()).isInstanceOf(CancellationException.class);
    assertThatThrownBy(() -> ledger.submit(new TxPayload.Resume()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    ledger.close(); // idempotent
  }

  /** Fails the first {@code failures} puts, as a briefly unavailable database would. */
  private record FailingPuts(LedgerStore store, AtomicInteger failures) implements LedgerStore {
    @Override
    public void replaceGenesis(LedgerBlock genesis) {
      store.replaceGenesis(genesis);
    }

    @Override
    public void put(LedgerBlock block, String newHead) {
      if (!block.isGenesis() && failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw new StoreException("simulated failure");
      }
      store.put(block, newHead);
    }

    @Override
    public void setHead(String hash) {
      store.setHead(hash);
    }

    @Override
    public Optional<String> head() {
      return store.head();
    }

    @Override
    public Optional<LedgerBlock> get(String hash) {
      return store.get(hash);
    }

    @Override
    public List<LedgerBlock> atHeight(long height) {
      return store.atHeight(height);
    }

    @Override
    public void forEach(Consumer<LedgerBlock> action) {
      store.forEach(action);
    }

    @Override
    public long count() {
      return store.count();
    }
  }
}
