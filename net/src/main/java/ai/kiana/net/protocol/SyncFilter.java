package ai.kiana.net.protocol;

import ai.kiana.core.block.Scope;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a node follows (selective sync), as it says in its hello: blocks of one of {@code scopes},
 * carrying at least one of {@code tags} (empty: any tags), created at or after {@code
 * createdAfterMillis} (0: any time). Absolute on the wire, so both ends of a connection evaluate
 * exactly the same predicate and their range fingerprints agree.
 */
public record SyncFilter(Set<Scope> scopes, Set<String> tags, long createdAfterMillis) {

  /** Follows everything. */
  public static final SyncFilter ALL = new SyncFilter(EnumSet.allOf(Scope.class), Set.of(), 0);

  /**
   * Follows no block (created after the end of time), so a connection carries only the blocks the
   * node wrote itself (see {@code SharedFilter}): what a device that may write but not read gets.
   */
  public static final SyncFilter OWN_BLOCKS_ONLY =
      new SyncFilter(EnumSet.allOf(Scope.class), Set.of(), Long.MAX_VALUE);

  public static final int MAX_TAGS = 64;

  public SyncFilter {
    if (scopes.isEmpty()) {
      throw new IllegalArgumentException("a sync filter follows at least one scope");
    }
    scopes = Set.copyOf(scopes);
    tags = Set.copyOf(tags);
    if (tags.size() > MAX_TAGS) {
      throw new IllegalArgumentException("a sync filter names at most " + MAX_TAGS + " tags");
    }
    if (createdAfterMillis < 0) {
      throw new IllegalArgumentException("createdAfter must not be before 1970");
    }
  }

  public static SyncFilter ofScopes(Set<Scope> scopes) {
    return new SyncFilter(scopes, Set.of(), 0);
  }

  /** Whether a block with these properties is followed. */
  public boolean matches(Scope scope, Collection<String> blockTags, long createdMillis) {
    if (!scopes.contains(scope) || createdMillis < createdAfterMillis) {
      return false;
    }
    if (tags.isEmpty()) {
      return true;
    }
    for (String t : blockTags) {
      if (tags.contains(t)) {
        return true;
      }
    }
    return false;
  }

  public boolean followsEverything() {
    return scopes.size() == Scope.values().length && tags.isEmpty() && createdAfterMillis == 0;
  }

  public Instant createdAfter() {
    return Instant.ofEpochMilli(createdAfterMillis);
  }
}
