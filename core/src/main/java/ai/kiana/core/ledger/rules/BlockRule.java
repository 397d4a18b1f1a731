package ai.kiana.core.ledger.rules;

import java.util.Optional;

/**
 * One validation rule for a block against its parent's state. Implementations are stateless and
 * thread-safe, check one thing, and never throw for an invalid block: they return the violation.
 * {@link RuleFactory} composes them, in an order that decides which violation is reported first.
 */
@FunctionalInterface
public interface BlockRule {

  /** The violation, or empty if the block satisfies this rule. */
  Optional<RuleViolation> check(BlockContext context);
}
