package ai.kiana.server.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MemoriesTest {

  static Stream<Arguments> messages() {
    return Stream.of(
        Arguments.of("remember that my bike is blue", "My bike is blue"),
        Arguments.of(
            "Please remember: the wifi password is on the fridge",
            "The wifi password is on the fridge"),
        Arguments.of("REMEMBER my dentist is Dr. Weber", "My dentist is Dr. Weber"),
        Arguments.of("Merk dir, dass Oma am 3. Mai Geburtstag hat", "Oma am 3. Mai Geburtstag hat"),
        Arguments.of("bitte merke dir: Parkplatz 17", "Parkplatz 17"),
        Arguments.of("Do you remember my bike?", null),
        Arguments.of("remember that?", null),
        Arguments.of("remembering things is hard", null),
        Arguments.of("What did I tell you to remember?", null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("messages")
  void onlyRequestsToRememberBecomeMemories(String message, String memory) {
    assertThat(Memories.requested(message)).isEqualTo(Optional.ofNullable(memory));
  }
}
