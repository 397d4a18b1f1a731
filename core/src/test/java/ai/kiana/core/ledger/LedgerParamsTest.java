package ai.kiana.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LedgerParamsTest {

  @Test
  void invalidParameterIsNamedInTheError() {
    assertThatThrownBy(() -> new LedgerParams(-1, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("ledger.periodMillis:");
    assertThatThrownBy(() -> new LedgerParams(0, -1, 0))
        .hasMessageStartingWith("ledger.epochLength:");
    assertThatThrownBy(() -> new LedgerParams(0, 0, -1))
        .hasMessageStartingWith("ledger.maxFutureDriftMillis:");
  }

  @Test
  void genesisAndPositiveMultiplesOfTheEpochLengthAreEpochBlocks() {
    LedgerParams params = LedgerParams.DEFAULTS.withEpochLength(3);
    assertThat(params.isEpochBlock(0)).isTrue();
    assertThat(params.isEpochBlock(3)).isTrue();
    assertThat(params.isEpochBlock(6)).isTrue();
    assertThat(params.isEpochBlock(4)).isFalse();
    LedgerParams none = LedgerParams.DEFAULTS.withEpochLength(0);
    assertThat(none.isEpochBlock(0)).isTrue();
    assertThat(none.isEpochBlock(30_000)).isFalse();
  }
}
