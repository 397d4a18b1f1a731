package ai.kiana.ai.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpecificsTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "How often do I defrost the Kestrel FF-80 fridge?|ff-80",
        "Warum musste Release 7.3 zurückgerollt werden?|7.3",
        "Wann ist eine 10-fach-Fahrradkette reif für den Austausch?|10",
        "What share of human CO₂ emissions stays in the air?|co2",
        "What are the data team's OKRs for Q1 2026?|q1,2026",
        "Wie entkalke ich den Wasserkocher?|''",
      })
  void codesAreTokensWithADigitCutAfterTheirLastNumberedPart(String question, String expected) {
    List<String> want = expected.isEmpty() ? List.of() : List.of(expected.split(","));
    assertThat(Specifics.codes(question)).isEqualTo(want);
  }

  @Test
  void namesAreCapitalisedWordsThatDoNotOpenASentence() {
    assertThat(Specifics.names("What was my finish time at the Manchester half marathon?"))
        .containsExactly("manchester");
    assertThat(Specifics.names("The VPN is down. What do I try first?")).containsExactly("vpn");
    assertThat(Specifics.names("When do Maya's EpiPens run out?"))
        .containsExactly("maya", "epipens");
    assertThat(Specifics.names("How do I connect my iPad to the work VPN?"))
        .containsExactly("ipad", "vpn");
    assertThat(Specifics.names("Is it OK if I run it?")).isEmpty();
  }

  @Test
  void aQuestionInCapitalsOrTitleCaseHasNoNames() {
    assertThat(Specifics.names("WHAT IS THE WIFI PASSWORD FOR THE GUEST NETWORK?")).isEmpty();
    assertThat(Specifics.names("What Is The Wifi Password For The Guest Network?")).isEmpty();
  }

  @Test
  void germanQuestionsHaveNoNamesBecauseEveryNounIsCapitalised() {
    assertThat(Specifics.of("Wie hoch war die Kaution für die Wohnung in Klagenfurt?")).isEmpty();
    assertThat(Specifics.of("Welche Tomatensorten hatten wir 2021 auf dem Balkon?"))
        .containsExactly("2021");
    assertThat(Specifics.of("What did the hotel in Seville cost per night?"))
        .containsExactly("seville");
  }

  @Test
  void aCodeIsFoundOnlyAsAWholeToken() {
    assertThat(Specifics.missing(List.of("e15"), List.of("Error E150: drain pump."))).hasSize(1);
    assertThat(Specifics.missing(List.of("2021"), List.of("Invoice 20211 paid."))).hasSize(1);
    assertThat(Specifics.missing(List.of("ff-80"), List.of("Kestrel FF-60, 80 litres")))
        .containsExactly("ff-80");
    assertThat(Specifics.missing(List.of("e15"), List.of("E15 means water in the base tray.")))
        .isEmpty();
    assertThat(Specifics.missing(List.of("co2"), List.of("tonnes of CO₂ per year"))).isEmpty();
  }

  @Test
  void aNameIsFoundInInflectedOrPossessiveForms() {
    assertThat(Specifics.missing(List.of("aldbury"), List.of("Aldbury's watermill"))).isEmpty();
    assertThat(Specifics.missing(List.of("epipens"), List.of("Maya carries two EpiPen pens")))
        .isEmpty();
    assertThat(Specifics.missing(List.of("seville"), List.of("Our hotel in Porto cost 95 euros")))
        .containsExactly("seville");
  }

  @Test
  void specificsMustBeHeldTogetherByOneText() {
    List<String> specifics = List.of("2026", "february");
    assertThat(
            Specifics.missing(
                specifics, List.of("Book club, February: a novel", "Dentist on 3 March 2026")))
        .hasSize(1);
    assertThat(
            Specifics.missing(
                specifics, List.of("Dentist on 3 March 2026", "Book club, February 2026: a novel")))
        .isEmpty();
  }
}
