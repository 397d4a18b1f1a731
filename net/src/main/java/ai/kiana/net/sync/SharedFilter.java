package ai.kiana.net.sync;

import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.block.Scope;
import ai.kiana.core.identity.DeviceId;
import ai.kiana.net.protocol.SyncFilter;
import java.util.Collection;

/**
 * The blocks one connection carries (docs/PROTOCOL.md, "Selective sync"): those both sides follow,
 * where each side also follows the blocks it wrote itself, so a phone that follows one tag still
 * has its own notes reconciled up to a full node. Built from the two hellos, so both sides hold an
 * equal value (sides are ordered by device ID) and reconcile over exactly the same set.
 */
public record SharedFilter(
    SyncFilter lowFollow, DeviceId low, SyncFilter highFollow, DeviceId high) {

  public static SharedFilter of(DeviceId a, SyncFilter aFollows, DeviceId b, SyncFilter bFollows) {
    return a.compareTo(b) <= 0
        ? new SharedFilter(aFollows, a, bFollows, b)
        : new SharedFilter(bFollows, b, aFollows, a);
  }

  /** Both sides follow every block. */
  public boolean everything() {
    return lowFollow.followsEverything() && highFollow.followsEverything();
  }

  public boolean matches(KnowledgeBlock b) {
    return matches(b.scope(), b.author(), b.tags(), b.created().millis());
  }

  public boolean matches(
      Scope scope, DeviceId author, Collection<String> tags, long createdMillis) {
    return (author.equals(low) || lowFollow.matches(scope, tags, createdMillis))
        && (author.equals(high) || highFollow.matches(scope, tags, createdMillis));
  }
}
