package ai.kiana.net.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kiana.core.block.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FollowPolicyTest {

  @ParameterizedTest
  @CsvSource({
    "30d,30d",
    "12h,12h",
    "2w,14d",
    "ALL,all",
    "'',all",
    "2026-01-31,2026-01-31T00:00:00Z"
  })
  void sinceReadsWindowsDatesAndAllAndWritesThemBackReadably(String text, String back) {
    FollowPolicy p =
        new FollowPolicy(EnumSet.allOf(Scope.class), Set.of(), FollowPolicy.parseSince(text));
    assertThat(p.sinceText()).isEqualTo(back);
    assertThat(FollowPolicy.parseSince(back)).isEqualTo(p.since());
  }

  @ParameterizedTest
  @ValueSource(strings = {"yesterday", "0d", "30", "-3d", "2026-13-01", "30m"})
  void aBadSinceNamesTheFormsUnderstood(String text) {
    assertThatThrownBy(() -> FollowPolicy.parseSince(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("since must be all, a window like 30d");
  }

  @Test
  void aWindowBecomesAnAbsoluteBoundRoundedDownToTheHourSoOneHourSharesOneFilter() {
    FollowPolicy p =
        new FollowPolicy(
            EnumSet.of(Scope.PRIVATE), Set.of("garden"), FollowPolicy.parseSince("1d"));
    Instant a = Instant.parse("2026-11-25T18:05:00Z");
    Instant b = Instant.parse("2026-11-25T18:55:00Z");
    assertThat(p.filterAt(a)).isEqualTo(p.filterAt(b));
    assertThat(p.filterAt(a).createdAfter()).isEqualTo(Instant.parse("2026-11-24T18:00:00Z"));
    assertThat(p.filterAt(a).createdAfter()).isBefore(a.minus(Duration.ofDays(1)));
    assertThat(FollowPolicy.ALL.filterAt(a).followsEverything()).isTrue();
  }

  @Test
  void aConnectionIsRefollowedWhenTheFilterChangedOrAWindowLagsADay() {
    FollowPolicy p =
        new FollowPolicy(
            EnumSet.of(Scope.PRIVATE), Set.of("garden"), FollowPolicy.parseSince("30d"));
    Instant t = Instant.parse("2026-11-25T18:05:00Z");
    var sent = p.filterAt(t);
    assertThat(p.outdates(sent, t.plus(Duration.ofHours(23)))).isFalse();
    assertThat(p.outdates(sent, t.plus(Duration.ofHours(26)))).isTrue();
    FollowPolicy wider = new FollowPolicy(EnumSet.of(Scope.PRIVATE), Set.of(), p.since());
    assertThat(wider.outdates(sent, t)).isTrue();
    FollowPolicy longer =
        new FollowPolicy(
            EnumSet.of(Scope.PRIVATE), Set.of("garden"), FollowPolicy.parseSince("60d"));
    assertThat(longer.outdates(sent, t)).isTrue();
  }
}
