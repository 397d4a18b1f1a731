package ai.kiana.net.sync;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.block.BlockCodec;
import ai.kiana.core.block.BlockDraft;
import ai.kiana.core.block.BlockType;
import ai.kiana.core.block.BlockVerifier;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.block.Scope;
import ai.kiana.core.crypto.Ed25519Engines;
import ai.kiana.testkit.TestBlocks;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockAdmissionTest {

  private final TestBlocks sensor = new TestBlocks(7);

  private KnowledgeBlock note(Scope scope) {
    return sensor.sign(
        new BlockDraft(BlockType.NOTE, "", "21.5 °C", "en", List.of(), null, List.of(), scope));
  }

  @Test
  void aSensorsBlockOutsideItsOwnScopeIsDeclinedWithoutOffence() {
    // The policy the node supplies: this sensor's own scope is household.
    BlockAdmission admission =
        new BlockAdmission(
            new BlockVerifier(Ed25519Engines.fastest()),
            b -> true,
            b -> b.scope() == Scope.HOUSEHOLD);

    assertThat(admission.check(BlockCodec.toJson(note(Scope.HOUSEHOLD))))
        .isInstanceOf(BlockAdmission.Verdict.Accept.class);
    BlockAdmission.Verdict outside = admission.check(BlockCodec.toJson(note(Scope.PUBLIC)));
    assertThat(outside).isInstanceOf(BlockAdmission.Verdict.Decline.class);
    assertThat(((BlockAdmission.Verdict.Decline) outside).reason()).contains("may not write");
  }

  @Test
  void aForgedBlockIsInvalidBeforeAnyScopeRuleIsAsked() {
    BlockAdmission admission =
        new BlockAdmission(
            new BlockVerifier(Ed25519Engines.fastest()),
            b -> true,
            b -> {
              throw new AssertionError("asked about a forged block");
            });
    String forged = BlockCodec.toJson(TestBlocks.withContent(note(Scope.PUBLIC), "forged"));

    assertThat(admission.check(forged)).isInstanceOf(BlockAdmission.Verdict.Invalid.class);
  }
}
