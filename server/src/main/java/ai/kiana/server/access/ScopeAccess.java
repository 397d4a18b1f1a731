package ai.kiana.server.access;

import ai.kiana.core.block.BlockNotFoundException;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.block.Scope;
import ai.kiana.core.ledger.Role;
import ai.kiana.server.http.ApiException;
import io.javalin.http.Context;
import java.util.EnumSet;
import java.util.Set;

/**
 * The scopes one caller may read and write. Creators, admins and subminds use every scope; a user
 * the scopes granted to it (read and write); a sensor writes only into its own scope and reads
 * none. {@link AccessGuard} attaches it to each request; routes read it with {@link #of(Context)}.
 *
 * @param readable the scopes whose blocks the caller may see (empty: none)
 * @param writable the scopes the caller may add blocks to (empty: none)
 */
public record ScopeAccess(Set<Scope> readable, Set<Scope> writable) {

  private static final String ATTRIBUTE = "kiana.scopes";

  public static final ScopeAccess ALL =
      new ScopeAccess(EnumSet.allOf(Scope.class), EnumSet.allOf(Scope.class));

  public static final ScopeAccess NONE = new ScopeAccess(Set.of(), Set.of());

  public ScopeAccess {
    readable = Set.copyOf(readable);
    writable = Set.copyOf(writable);
  }

  /** What {@code role} with {@code granted} scopes may do. */
  public static ScopeAccess of(Role role, Set<Scope> granted) {
    return switch (role) {
      case CREATOR, ADMIN, SUBMIND -> ALL;
      case USER -> new ScopeAccess(granted, granted);
      case SENSOR -> new ScopeAccess(Set.of(), granted.isEmpty() ? Set.of(Scope.PRIVATE) : granted);
    };
  }

  /** Every scope readable: no filter needed. */
  public boolean readsAll() {
    return readable.size() == Scope.values().length;
  }

  public boolean canRead(Scope scope) {
    return readable.contains(scope);
  }

  public boolean canWrite(Scope scope) {
    return writable.contains(scope);
  }

  /**
   * Where a block the caller adds without naming a scope goes: the node's default when the caller
   * may write it, else the narrowest scope it may write.
   *
   * @throws ApiException.Forbidden when the caller may write no scope
   */
  public Scope home(Scope nodeDefault) {
    if (writable.contains(nodeDefault)) {
      return nodeDefault;
    }
    for (Scope s : Scope.values()) {
      if (writable.contains(s)) {
        return s;
      }
    }
    throw noScope();
  }

  /**
   * @throws ApiException.Forbidden unless the caller may add blocks to {@code scope}
   */
  public void requireWrite(Scope scope) {
    if (!canWrite(scope)) {
      throw new ApiException.Forbidden(
          "scope_not_granted",
          "you may not add blocks to scope '"
              + scope.wireName()
              + "'"
              + (writable.isEmpty() ? "" : " (yours: " + names(writable) + ")"));
    }
  }

  /**
   * @throws BlockNotFoundException unless the caller may read {@code block}'s scope: a block the
   *     caller may not see answers as if it did not exist
   */
  public KnowledgeBlock requireRead(KnowledgeBlock block) {
    if (!canRead(block.scope())) {
      throw new BlockNotFoundException(block.id());
    }
    return block;
  }

  private static ApiException noScope() {
    return new ApiException.Forbidden(
        "scope_not_granted", "no scope is granted to you; ask the creator or an admin");
  }

  private static String names(Set<Scope> scopes) {
    return String.join(", ", EnumSet.copyOf(scopes).stream().map(Scope::wireName).toList());
  }

  /** The caller's scopes; a request the guard did not see reads and writes nothing. */
  public static ScopeAccess of(Context ctx) {
    ScopeAccess a = ctx.attribute(ATTRIBUTE);
    return a != null ? a : NONE;
  }

  void attachTo(Context ctx) {
    ctx.attribute(ATTRIBUTE, this);
  }
}
