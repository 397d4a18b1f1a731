package ai.kiana.testkit.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kiana.core.block.StoreException;
import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.core.ledger.LedgerBlock;
import ai.kiana.core.ledger.LedgerParams;
import ai.kiana.core.ledger.LedgerStore;
import ai.kiana.core.ledger.LedgerTx;
import ai.kiana.core.ledger.Role;
import ai.kiana.core.ledger.TxPayload;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link LedgerStore} must show, as JUnit tests. A backend's test extends this
 * class and says how to make an empty store and how to make its writes fail:
 *
 * <pre>{@code
 * class SqliteLedgerStoreTest extends LedgerStoreContract {
 *   protected LedgerStore newEmptyStore() { ... }
 *   protected AutoCloseable breakWrites(LedgerStore store) { ... }
 * }
 * }</pre>
 *
 * The blocks are valid (real sealer, real rules) and carry every transaction type and a checkpoint,
 * so a backend's encoding is exercised too.
 */
public abstract class LedgerStoreContract {

  private LedgerStore store;
  private TestLedger ledger;

  /** A store with no blocks, not shared with any other test. */
  protected abstract LedgerStore newEmptyStore() throws Exception;

  /**
   * Makes the store's next write fail with a {@link StoreException} partway, as a full disk or a
   * lost connection would; closing the result restores normal writes.
   */
  protected abstract AutoCloseable breakWrites(LedgerStore store) throws Exception;

  @BeforeEach
  protected final void openEmptyStore() throws Exception {
    store = newEmptyStore();
    ledger = new TestLedger(3, LedgerParams.DEFAULTS.withEpochLength(4));
  }

  protected final LedgerStore store() {
    return store;
  }

  protected final TestLedger ledger() {
    return ledger;
  }

  @Test
  public void anEmptyStoreHasNoHeadAndNoBlocks() {
    assertThat(store.head()).isEmpty();
    assertThat(store.count()).isZero();
    assertThat(store.get(ledger.genesis().hash())).isEmpty();
    assertThat(store.atHeight(0)).isEmpty();
    List<LedgerBlock> seen = new ArrayList<>();
    store.forEach(seen::add);
    assertThat(seen).isEmpty();
  }

  @Test
  public void putWithANewHeadStoresTheBlockAndMovesTheHead() {
    List<LedgerBlock> chain = ledger.chain(2);
    for (LedgerBlock block : chain) {
      store.put(block, block.hash());
      assertThat(store.head()).contains(block.hash());
    }
    assertThat(store.count()).isEqualTo(3);
    for (LedgerBlock block : chain) {
      assertThat(store.get(block.hash())).contains(block);
    }
  }

  @Test
  public void aGenesisOnlyLedgerAdoptsAnotherNetworksGenesis() {
    LedgerBlock own = new TestLedger(1).genesis();
    store.put(own, own.hash());
    LedgerBlock theirs = ledger.genesis();

    store.replaceGenesis(theirs);

    assertThat(store.head()).contains(theirs.hash());
    assertThat(store.count()).isEqualTo(1);
    assertThat(store.get(own.hash())).isEmpty();
    assertThat(store.atHeight(0)).containsExactly(theirs);
  }

  @Test
  public void aLedgerWithMoreThanItsGenesisRefusesAnotherGenesis() {
    List<LedgerBlock> chain = new TestLedger(1).chain(1);
    for (LedgerBlock block : chain) {
      store.put(block, block.hash());
    }

    assertThatThrownBy(() -> store.replaceGenesis(ledger.genesis()))
        .isInstanceOf(IllegalStateException.class);
    assertThat(store.head()).contains(chain.get(1).hash());
    assertThat(store.count()).isEqualTo(2);
  }

  @Test
  public void putWithoutANewHeadKeepsTheHead() {
    List<LedgerBlock> chain = ledger.chain(1);
    store.put(chain.get(0), chain.get(0).hash());
    store.put(chain.get(1), null);

    assertThat(store.head()).contains(chain.get(0).hash());
    assertThat(store.get(chain.get(1).hash())).contains(chain.get(1));
  }

  @Test
  public void blocksComeBackEqualWithEveryTransactionTypeAndCheckpoint() {
    List<LedgerBlock> chain = richChain();
    for (LedgerBlock block : chain) {
      store.put(block, block.hash());
    }
    assertThat(chain).anyMatch(LedgerBlock::hasCheckpoint);
    for (LedgerBlock block : chain) {
      assertThat(store.get(block.hash())).contains(block);
      assertThat(store.atHeight(block.height())).containsExactly(block);
    }
  }

  @Test
  public void storingAStoredBlockAgainChangesNothing() {
    List<LedgerBlock> chain = ledger.chain(2);
    for (LedgerBlock block : chain) {
      store.put(block, block.hash());
    }
    store.put(chain.get(1), null);

    assertThat(store.count()).isEqualTo(3);
    assertThat(store.atHeight(1)).containsExactly(chain.get(1));
    assertThat(store.head()).contains(chain.get(2).hash());
  }

  @Test
  public void atHeightListsEveryForkInTheOrderStored() {
    LedgerBlock genesis = ledger.genesis();
    LedgerBlock a = ledger.next(genesis, ledger.validators().get(1), ledger.policy(genesis, "a"));
    LedgerBlock b = ledger.next(genesis, ledger.validators().get(2), ledger.policy(genesis, "b"));
    store.put(genesis, genesis.hash());
    store.put(b, b.hash());
    store.put(a, null);

    assertThat(store.atHeight(1)).containsExactly(b, a);
    assertThat(store.atHeight(2)).isEmpty();
    assertThat(store.head()).contains(b.hash());
  }

  @Test
  public void forEachVisitsLowerHeightsFirstWhateverTheOrderStored() {
    List<LedgerBlock> main = ledger.chain(4);
    LedgerBlock fork1 = ledger.next(main.get(1), ledger.policy(main.get(1), "fork 1"));
    LedgerBlock fork2 = ledger.next(fork1, ledger.policy(fork1, "fork 2"));
    for (LedgerBlock block : main) {
      store.put(block, block.hash());
    }
    store.put(fork1, null);
    store.put(fork2, null);

    List<LedgerBlock> seen = new ArrayList<>();
    store.forEach(seen::add);

    assertThat(seen).hasSize(7).containsAll(main).contains(fork1, fork2);
    for (int i = 1; i < seen.size(); i++) {
      assertThat(seen.get(i).height()).isGreaterThanOrEqualTo(seen.get(i - 1).height());
    }
    assertThat(seen.indexOf(fork1)).isLessThan(seen.indexOf(fork2));
  }

  @Test
  public void setHeadMovesTheHeadToAStoredBlock() {
    LedgerBlock genesis = ledger.genesis();
    LedgerBlock a = ledger.next(genesis, ledger.validators().get(1), ledger.policy(genesis, "a"));
    LedgerBlock b = ledger.next(genesis, ledger.validators().get(2), ledger.policy(genesis, "b"));
    store.put(genesis, genesis.hash());
    store.put(a, a.hash());
    store.put(b, null);

    store.setHead(b.hash());

    assertThat(store.head()).contains(b.hash());
    assertThat(store.count()).isEqualTo(3);
  }

  @Test
  public void aFailedPutStoresNeitherTheBlockNorTheHead() throws Exception {
    List<LedgerBlock> chain = ledger.chain(1);
    store.put(chain.get(0), chain.get(0).hash());

    try (AutoCloseable broken = breakWrites(store)) {
      assertThatThrownBy(() -> store.put(chain.get(1), chain.get(1).hash()))
          .isInstanceOf(StoreException.class);
    }

    assertThat(store.head()).contains(chain.get(0).hash());
    assertThat(store.get(chain.get(1).hash())).isEmpty();
    assertThat(store.atHeight(1)).isEmpty();
    assertThat(store.count()).isEqualTo(1);
    store.put(chain.get(1), chain.get(1).hash());
    assertThat(store.head()).contains(chain.get(1).hash());
  }

  @Test
  public void concurrentWritersLoseNothing() throws Exception {
    LedgerBlock genesis = ledger.genesis();
    store.put(genesis, genesis.hash());
    List<LedgerBlock> forks = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      forks.add(ledger.next(genesis, ledger.policy(genesis, "fork " + i)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (LedgerBlock block : forks) {
        done.add(pool.submit(() -> store.put(block, null)));
      }
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(store.count()).isEqualTo(17);
    assertThat(store.atHeight(1)).containsExactlyInAnyOrderElementsOf(forks);
    assertThat(store.head()).contains(genesis.hash());
  }

  /** Genesis and blocks that together carry every transaction type, with an epoch checkpoint. */
  private List<LedgerBlock> richChain() {
    NodeIdentity creator = ledger.creator();
    NodeIdentity v1 = ledger.validators().get(1);
    NodeIdentity phone = TestLedger.identity("store-contract-phone");
    String phoneKey = HexFormat.of().formatHex(phone.publicKey());
    List<LedgerBlock> chain = new ArrayList<>(List.of(ledger.genesis()));
    LedgerBlock g = chain.getLast();
    LedgerTx admit =
        ledger.tx(
            g,
            creator,
            new TxPayload.DeviceAdmitted(phone.deviceId(), phoneKey, Role.USER, "phone"));
    chain.add(ledger.next(g, admit));
    LedgerBlock b1 = chain.getLast();
    chain.add(
        ledger.next(
            b1,
            LedgerTx.sign(
                creator,
                admit.seq() + 1,
                new TxPayload.RoleChanged(phone.deviceId(), Role.SUBMIND)),
            LedgerTx.sign(
                creator, admit.seq() + 2, new TxPayload.ModelPublished(1, "ab".repeat(32))),
            ledger.tx(b1, v1, new TxPayload.KnowledgeCheckpoint("cd".repeat(32), 42))));
    LedgerBlock b2 = chain.getLast();
    chain.add(
        ledger.next(
            b2,
            ledger.tx(b2, v1, new TxPayload.ValidatorVote(phone.deviceId(), true)),
            ledger.tx(b2, creator, new TxPayload.KillSwitch("lost phone"))));
    LedgerBlock b3 = chain.getLast();
    chain.add(ledger.next(b3, ledger.tx(b3, creator, new TxPayload.Resume()))); // epoch block 4
    LedgerBlock b4 = chain.getLast();
    chain.add(
        ledger.next(
            b4,
            ledger.tx(b4, creator, new TxPayload.DeviceRevoked(phone.deviceId(), "lost")),
            LedgerTx.sign(
                creator,
                ledger.state(b4).lastSeq(creator.deviceId()) + 2,
                new TxPayload.PolicyChanged("test.value", null))));
    return chain;
  }
}
