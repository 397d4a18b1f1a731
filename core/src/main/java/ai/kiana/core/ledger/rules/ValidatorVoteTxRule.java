package ai.kiana.core.ledger.rules;

import ai.kiana.core.ledger.DeviceRecord;
import ai.kiana.core.ledger.LedgerState;
import ai.kiana.core.ledger.TxPayload.ValidatorVote;
import java.util.Optional;

/**
 * A vote names an admitted device; a vote to add names an active one, so validators are always
 * active devices. A vote that would remove the only validator is refused (EIP-225 would accept it
 * and leave a chain nobody can extend).
 *
 * <p>A vote that would not change the subject's status (adding a validator, removing a
 * non-validator) is valid but not counted: as in EIP-225 it only "touches" the subject, which
 * executes a proposal that already has a majority.
 */
public final class ValidatorVoteTxRule implements TxRule {

  @Override
  public Optional<RuleViolation> check(TxContext c) {
    if (!(c.tx().payload() instanceof ValidatorVote vote)) {
      return Optional.empty();
    }
    LedgerState state = c.state();
    DeviceRecord subject = state.device(vote.subject());
    if (subject == null) {
      return c.fail(
          ViolationKind.INVALID_TX,
          "vote on " + Describe.device(vote.subject()) + ", which is not an admitted device");
    }
    if (vote.add() && subject.revoked()) {
      return c.fail(
          ViolationKind.INVALID_TX,
          "vote to add " + Describe.device(vote.subject()) + ", which is revoked");
    }
    if (!vote.add() && state.isValidator(vote.subject()) && state.validators().size() == 1) {
      return c.fail(ViolationKind.INVALID_TX, "the last validator cannot be voted out");
    }
    return Optional.empty();
  }
}
