package ai.kiana.core.ledger.rules;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.core.ledger.BlockSealer;
import ai.kiana.core.ledger.LedgerBlock;
import ai.kiana.core.ledger.LedgerHarness;
import ai.kiana.core.ledger.LedgerParams;
import ai.kiana.core.ledger.LedgerState;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimestampRulesTest {

  private final LedgerParams params = new LedgerParams(1_000, 0, 15_000);
  private final LedgerHarness ledger = new LedgerHarness(3, params);

  private LedgerBlock at(long timestamp) {
    LedgerState s = ledger.state;
    NodeIdentity p = ledger.allowedProposer();
    return BlockSealer.next(p, s, timestamp, List.of());
  }

  private RuleViolation validateAt(LedgerBlock block, long now) {
    Verdict verdict = ledger.validator.validate(ledger.state, block, now);
    return verdict instanceof Verdict.Rejected r ? r.violation() : null;
  }

  @Test
  void blockExactlyOnePeriodAfterItsParentIsAccepted() {
    assertThat(ledger.violation(at(ledger.state.timestamp() + 1_000))).isNull();
  }

  @Test
  void blockLessThanOnePeriodAfterItsParentIsTooEarly() {
    LedgerBlock block = at(ledger.state.timestamp() + 999);
    assertThat(ledger.kind(block)).isEqualTo(ViolationKind.TIMESTAMP_TOO_EARLY);
  }

  @Test
  void blockOlderThanItsParentIsTooEarly() {
    assertThat(ledger.kind(at(ledger.state.timestamp() - 5)))
        .isEqualTo(ViolationKind.TIMESTAMP_TOO_EARLY);
  }

  @Test
  void blockWithinTheAllowedDriftAheadOfTheClockIsAccepted() {
    long ts = ledger.state.timestamp() + 60_000;
    assertThat(validateAt(at(ts), ts - 15_000)).isNull();
  }

  @Test
  void blockFurtherAheadOfTheClockThanTheDriftIsInTheFuture() {
    long ts = ledger.state.timestamp() + 60_000;
    RuleViolation violation = validateAt(at(ts), ts - 15_001);
    assertThat(violation.kind()).isEqualTo(ViolationKind.TIMESTAMP_IN_FUTURE);
    assertThat(violation.message()).contains("15001 ms ahead");
  }

  @Test
  void futureBlockBecomesValidOnceTheClockCatchesUp() {
    long ts = ledger.state.timestamp() + 60_000;
    LedgerBlock block = at(ts);
    assertThat(validateAt(block, ts - 20_000)).isNotNull();
    assertThat(validateAt(block, ts)).isNull();
  }

  @Test
  void genesisFromTheFutureIsRejected() {
    LedgerBlock genesis = ledger.chain.get(0);
    Verdict verdict =
        ledger.validator.validate(
            LedgerState.beforeGenesis(params), genesis, genesis.timestamp() - 16_000);
    assertThat(((Verdict.Rejected) verdict).violation().kind())
        .isEqualTo(ViolationKind.TIMESTAMP_IN_FUTURE);
  }
}
