package ai.kiana.core.ledger.scenario;

import ai.kiana.core.ledger.rules.ViolationKind;
import java.util.List;

/**
 * One governance what-if: validators named by letters at genesis, blocks each sealed by a named
 * signer (optionally carrying its vote, optionally a checkpoint), and the expected outcome.
 *
 * @param epoch the epoch length, or null for a ledger without epochs
 */
public record Scenario(
    String name, Long epoch, List<String> genesis, List<Block> blocks, Expectation expect) {

  public Scenario {
    genesis = List.copyOf(genesis);
    blocks = List.copyOf(blocks);
  }

  /** A block sealed by {@code signer}; {@code vote} and {@code checkpoint} may be null. */
  public record Block(String signer, Vote vote, List<String> checkpoint) {
    public Block {
      checkpoint = checkpoint == null ? null : List.copyOf(checkpoint);
    }
  }

  /** The signer's vote to add or remove {@code subject}. */
  public record Vote(String subject, boolean add) {}

  /** Exactly one of: the validator set after the last block, or the kind of the first error. */
  public record Expectation(List<String> validators, ViolationKind error) {
    public Expectation {
      validators = validators == null ? null : List.copyOf(validators);
    }

    @Override
    public String toString() {
      return error != null
          ? "error " + error.wireName()
          : "validators " + String.join(", ", validators.stream().sorted().toList());
    }
  }
}
