package ai.kiana.core.block;

import ai.kiana.core.clock.HlcTimestamp;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where a node keeps its blocks. Implementations: SQLite and PostgreSQL in the {@code store}
 * module, an in-memory one in {@code testkit}; all pass the same contract tests.
 *
 * <p>The store does not verify: callers hand it only blocks they have verified or signed. Blocks
 * are immutable, so storing one that is already present is a no-op. All methods are thread-safe;
 * failures of the underlying database surface as {@link StoreException}.
 */
public interface BlockStore extends AutoCloseable {

  /**
   * Stores the blocks in one transaction: afterwards either all of them are present or, if anything
   * failed, the store is exactly as before.
   *
   * @return how many of them were new
   */
  int putAll(Collection<KnowledgeBlock> blocks);

  /** Stores one block; true if it was new. */
  default boolean put(KnowledgeBlock block) {
    return putAll(List.of(block)) == 1;
  }

  Optional<KnowledgeBlock> get(BlockId id);

  /**
   * The stored blocks among {@code ids}, in the order of {@code ids}, missing ones left out. Stores
   * with a query language read them in one query (retrieval loads its top passages this way).
   */
  default List<KnowledgeBlock> getAll(List<BlockId> ids) {
    List<KnowledgeBlock> out = new java.util.ArrayList<>(ids.size());
    for (BlockId id : ids) {
      get(id).ifPresent(out::add);
    }
    return out;
  }

  default boolean contains(BlockId id) {
    return get(id).isPresent();
  }

  /**
   * IDs of the stored blocks whose {@code supersedes} names {@code id}, oldest first by the
   * superseding block's (created, id).
   */
  List<BlockId> supersedersOf(BlockId id);

  /** One page of blocks matching the query, newest first (by created, then id). */
  BlockPage query(BlockQuery query);

  /**
   * Hands every stored block to {@code action}, oldest first by (created, id), from one consistent
   * snapshot: blocks written meanwhile are not seen, and none is seen twice.
   */
  void forEach(Consumer<KnowledgeBlock> action);

  /**
   * What indexes need of a block without reading it whole: its order, and what selective sync
   * filters on (scope, author, tags).
   */
  record Key(
      HlcTimestamp created,
      BlockId id,
      Scope scope,
      ai.kiana.core.identity.DeviceId author,
      List<String> tags) {
    public Key {
      tags = List.copyOf(tags);
    }
  }

  /**
   * Hands the {@link Key} of every stored block to {@code action} in the order and from the kind of
   * snapshot of {@link #forEach}, without reading the blocks themselves: for indexes built at
   * start-up (sync's). Implementations should override this with a cheaper read.
   */
  default void forEachKey(Consumer<Key> action) {
    forEach(b -> action.accept(new Key(b.created(), b.id(), b.scope(), b.author(), b.tags())));
  }

  /** A stored block as its canonical JSON, with the scope it is filed under. */
  record StoredJson(BlockId id, Scope scope, String json) {}

  /**
   * The canonical JSON (as {@link BlockCodec#toJson} writes it) of those of {@code ids} that are
   * stored, in no particular order; unknown ids are skipped. For sync, which sends blocks as they
   * are stored instead of reading and re-encoding each. Implementations should override this with
   * one read.
   */
  default List<StoredJson> jsonOf(Collection<BlockId> ids) {
    List<StoredJson> out = new java.util.ArrayList<>(ids.size());
    for (BlockId id : ids) {
      get(id).ifPresent(b -> out.add(new StoredJson(id, b.scope(), BlockCodec.toJson(b))));
    }
    return out;
  }

  StoreStats stats();

  /** The newest {@code created} of any stored block, to keep the node's clock ahead of it. */
  Optional<HlcTimestamp> newestCreated();

  @Override
  void close();
}
