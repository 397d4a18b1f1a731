package ai.kiana.core.ledger.rules;

import ai.kiana.core.identity.DeviceId;
import java.util.List;
import java.util.Optional;

/**
 * Epoch blocks (height a positive multiple of {@code epochLength}) carry a checkpoint equal to the
 * validator set they were sealed under, sorted by device ID; other blocks carry none (EIP-225's
 * epoch checkpoint). Genesis is checked by {@link GenesisRule} instead.
 */
public final class CheckpointRule implements BlockRule {

  @Override
  public Optional<RuleViolation> check(BlockContext c) {
    boolean epoch = c.params().isEpochBlock(c.block().height());
    List<DeviceId> checkpoint = c.block().checkpoint();
    if (!epoch) {
      if (checkpoint != null) {
        return c.fail(
            ViolationKind.INVALID_CHECKPOINT,
            "block "
                + c.block().height()
                + " is not an epoch block"
                + epochNote(c)
                + " but carries a checkpoint");
      }
      return Optional.empty();
    }
    if (checkpoint == null) {
      return c.fail(
          ViolationKind.INVALID_CHECKPOINT,
          "epoch block " + c.block().height() + " must list the validators in its checkpoint");
    }
    if (!checkpoint.equals(c.parent().validators())) {
      return c.fail(
          ViolationKind.INVALID_CHECKPOINT,
          "checkpoint lists "
              + checkpoint.size()
              + " validators that differ from the current "
              + c.parent().validators().size());
    }
    return Optional.empty();
  }

  private static String epochNote(BlockContext c) {
    long epoch = c.params().epochLength();
    return epoch == 0 ? " (this ledger has no epochs)" : " (epoch length " + epoch + ")";
  }
}
