package ai.kiana.server.access;

import ai.kiana.core.block.BlockId;
import ai.kiana.core.block.BlockStore;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.ledger.DeviceRecord;
import ai.kiana.core.ledger.LedgerState;
import ai.kiana.core.ledger.Role;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Whether a block received by sync may be where it is (see {@code BlockAdmission}): a device whose
 * ledger role is sensor writes only into its own scope, and edits or retracts only blocks of that
 * scope that it wrote itself, so a sensor cannot bury the household's knowledge under retractions.
 * Targets this node does not hold yet cannot be judged and are let through; other devices write
 * anywhere.
 */
public final class SyncWritePolicy implements Predicate<KnowledgeBlock> {

  private final Supplier<LedgerState> ledger;
  private final ScopeGrants grants;
  private final BlockStore store;

  public SyncWritePolicy(Supplier<LedgerState> ledger, ScopeGrants grants, BlockStore store) {
    this.ledger = ledger;
    this.grants = grants;
    this.store = store;
  }

  @Override
  public boolean test(KnowledgeBlock b) {
    DeviceRecord author = ledger.get().device(b.author());
    Role role = author == null ? null : author.role();
    if (role != Role.SENSOR) {
      return true;
    }
    if (!grants.deviceMayWrite(b.author(), role, b.scope())) {
      return false;
    }
    for (BlockId target : b.supersedes() == null ? java.util.List.<BlockId>of() : b.supersedes()) {
      KnowledgeBlock t = store.get(target).orElse(null);
      if (t != null && (!t.author().equals(b.author()) || t.scope() != b.scope())) {
        return false;
      }
    }
    return true;
  }
}
