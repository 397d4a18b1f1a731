package ai.kiana.core.ledger.rules;

import java.util.Optional;

/** {@code txRoot} is the Merkle root of the transactions' ids. */
public final class TxRootRule implements BlockRule {

  @Override
  public Optional<RuleViolation> check(BlockContext c) {
    if (!c.digest().txRoot().equals(c.block().txRoot())) {
      return c.fail(
          ViolationKind.BAD_TX_ROOT,
          "txRoot "
              + Describe.hash(c.block().txRoot())
              + "… is not the Merkle root of the transactions ("
              + Describe.hash(c.digest().txRoot())
              + "…)");
    }
    return Optional.empty();
  }
}
