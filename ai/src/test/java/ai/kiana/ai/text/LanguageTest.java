package ai.kiana.ai.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LanguageTest {

  @Test
  void wordsBothLanguagesUseDoNotMakeAGermanQuestionEnglish() {
    assertThat(Language.of("Was haben wir uns in Porto angesehen?")).isEqualTo("de");
    assertThat(Language.of("What did we see in Porto?")).isEqualTo("en");
  }

  @Test
  void umlautsAndEszettCountForGerman() {
    assertThat(Language.of("Grüße aus Köln")).isEqualTo("de");
    assertThat(Language.of("Straße")).isEqualTo("de");
  }

  @Test
  void withoutEvidenceThereIsNoLanguageAndAnswersAreEnglish() {
    assertThat(Language.of("Porto 2024")).isNull();
    assertThat(Language.of(null)).isNull();
    assertThat(Language.guess("Porto 2024")).isEqualTo("en");
    assertThat(Language.guess("Wie lang ist der Rhein?")).isEqualTo("de");
  }
}
