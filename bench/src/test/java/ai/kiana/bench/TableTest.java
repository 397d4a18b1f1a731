package ai.kiana.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TableTest {

  @Test
  void columnsLineUpLeftOrRightAsDeclared() {
    String text =
        new Table("t", Table.left("name"), Table.right("ops/s"))
            .row("libsodium", "35,000")
            .row("jdk", "1,200")
            .note("a note")
            .render();

    assertThat(text.lines())
        .containsExactly(
            "== t ==",
            "name        ops/s",
            "---------  ------",
            "libsodium  35,000",
            "jdk         1,200",
            "  a note");
  }

  @Test
  void nullCellsPrintEmptyAndTrailingBlanksAreTrimmed() {
    String text = new Table("t", Table.left("a"), Table.left("b")).row("x", null).render();

    assertThat(text.lines()).contains("x");
  }

  @Test
  void rowWithTheWrongNumberOfCellsIsRejectedNamingTheTable() {
    Table table = new Table("engines", Table.left("a"), Table.left("b"));

    assertThatThrownBy(() -> table.row("only one"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("engines")
        .hasMessageContaining("1 cells");
  }

  @ParameterizedTest
  @CsvSource({
    "30000, 1000, 30.0x",
    "500, 1000, 0.50x",
    "250000, 1000, 250x",
    "1, 0, -",
  })
  void ratiosUseFewerDecimalsAsTheyGrow(double value, double baseline, String expected) {
    assertThat(Table.ratio(value, baseline)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "25, 25 ns",
    "17500, 17.5 µs",
    "1000000, 1.0 ms",
    "2500000000, 2.50 s",
  })
  void durationsPickAReadableUnit(double nanos, String expected) {
    assertThat(Table.nanos(nanos)).isEqualTo(expected);
  }

  @Test
  void ratesHaveThousandsSeparatorsAndNoDecimals() {
    assertThat(Table.rate(12345.6)).isEqualTo("12,346");
  }
}
