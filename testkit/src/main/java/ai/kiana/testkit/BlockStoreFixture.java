package ai.kiana.testkit;

import ai.kiana.core.block.BlockStore;

/**
 * What the contract tests need from a test class: a fresh store per test, a maker of signed blocks,
 * and a way to make the store's writes fail. {@link BlockStoreContract} implements it.
 */
public interface BlockStoreFixture {

  /** The empty store this test started with. */
  BlockStore store();

  /** Device 1 with its clock at {@link FakeClock#DEFAULT_START}, fresh for each test. */
  TestBlocks blocks();

  /**
   * Makes writes to {@link #store()} fail until the returned handle is closed. A backend should
   * fail partway through a batch, after some of its rows were written, so that the test sees the
   * rollback and not just a refusal at the door. Every batch the contract expects to fail holds
   * plain blocks as well as blocks with tags and with supersedes, so a backend may, for example,
   * refuse the rows of its tag table.
   */
  AutoCloseable breakWrites() throws Exception;
}
