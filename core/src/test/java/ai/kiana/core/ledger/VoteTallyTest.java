package ai.kiana.core.ledger;

import static ai.kiana.core.ledger.LedgerHarness.identity;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.core.ledger.TxPayload.DeviceRevoked;
import ai.kiana.core.ledger.TxPayload.ValidatorVote;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VoteTallyTest {

  private final NodeIdentity laptop = identity("laptop");

  private static void vote(LedgerHarness h, NodeIdentity voter, DeviceId subject, boolean add) {
    h.sealByAnyone(h.tx(voter, new ValidatorVote(subject, add)));
  }

  @ParameterizedTest(name = "{0} validators")
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7})
  void addingAValidatorNeedsAStrictMajorityOfTheCurrentValidators(int n) {
    LedgerHarness h = new LedgerHarness(n);
    h.admit(laptop, Role.USER);
    int majority = n / 2 + 1;
    for (int i = 0; i < majority; i++) {
      assertThat(h.state.isValidator(laptop.deviceId())).as("after %d votes", i).isFalse();
      vote(h, h.initialValidators.get(i), laptop.deviceId(), true);
    }
    assertThat(h.state.isValidator(laptop.deviceId())).isTrue();
    assertThat(h.state.validators()).hasSize(n + 1).isSorted();
  }

  @ParameterizedTest(name = "{0} validators")
  @ValueSource(ints = {2, 3, 4, 5, 6, 7})
  void removingAValidatorNeedsAStrictMajorityOfTheCurrentValidators(int n) {
    LedgerHarness h = new LedgerHarness(n);
    DeviceId target = h.initialValidators.get(n - 1).deviceId();
    int majority = n / 2 + 1;
    for (int i = 0; i < majority; i++) {
      assertThat(h.state.isValidator(target)).as("after %d votes", i).isTrue();
      vote(h, h.initialValidators.get(i), target, false);
    }
    assertThat(h.state.isValidator(target)).isFalse();
    assertThat(h.state.validators()).hasSize(n - 1);
  }

  @Test
  void aValidatorsNewVoteOnASubjectReplacesItsEarlierOne() {
    LedgerHarness h = new LedgerHarness(5);
    h.admit(laptop, Role.USER);
    NodeIdentity v1 = h.initialValidators.get(1);
    vote(h, v1, laptop.deviceId(), true);
    vote(h, v1, laptop.deviceId(), true);
    vote(h, v1, laptop.deviceId(), true);
    assertThat(h.state.tally(laptop.deviceId())).isEqualTo(1);
    assertThat(h.state.isValidator(laptop.deviceId())).isFalse();
    // Voting the other way on a non-validator withdraws the vote and is not counted itself.
    vote(h, v1, laptop.deviceId(), false);
    assertThat(h.state.tally(laptop.deviceId())).isZero();
    assertThat(h.state.votes()).isEmpty();
  }

  @Test
  void votesOnASubjectAreClearedWhenItChangesStatus() {
    LedgerHarness h = new LedgerHarness(5);
    h.admit(laptop, Role.USER);
    for (int i = 0; i < 3; i++) {
      vote(h, h.initialValidators.get(i), laptop.deviceId(), true);
    }
    assertThat(h.state.isValidator(laptop.deviceId())).isTrue();
    assertThat(h.state.votes()).isEmpty();
    // Removal starts from zero: the three add votes do not turn into anything.
    vote(h, h.initialValidators.get(3), laptop.deviceId(), false);
    assertThat(h.state.tally(laptop.deviceId())).isEqualTo(1);
    assertThat(h.state.isValidator(laptop.deviceId())).isTrue();
  }

  @Test
  void removedValidatorsPendingVotesAreDiscarded() {
    LedgerHarness h = new LedgerHarness(3);
    h.admit(laptop, Role.USER);
    NodeIdentity v2 = h.initialValidators.get(2);
    vote(h, v2, laptop.deviceId(), true);
    assertThat(h.state.tally(laptop.deviceId())).isEqualTo(1);
    vote(h, h.initialValidators.get(0), v2.deviceId(), false);
    vote(h, h.initialValidators.get(1), v2.deviceId(), false);
    assertThat(h.state.isValidator(v2.deviceId())).isFalse();
    assertThat(h.state.tally(laptop.deviceId())).isZero();
    assertThat(h.state.votes()).isEmpty();
  }

  @Test
  void revokingAValidatorRemovesItAndDiscardsVotesByAndAboutIt() {
    LedgerHarness h = new LedgerHarness(5);
    h.admit(laptop, Role.USER);
    NodeIdentity v4 = h.initialValidators.get(4);
    vote(h, v4, laptop.deviceId(), true);
    vote(h, h.initialValidators.get(1), v4.deviceId(), false);
    assertThat(h.state.votes()).hasSize(2);
    h.sealByAnyone(h.tx(h.creator, new DeviceRevoked(v4.deviceId(), "stolen")));
    assertThat(h.state.validators()).hasSize(4).doesNotContain(v4.deviceId());
    assertThat(h.state.votes()).isEmpty();
  }

  @Test
  void revokingACandidateClearsTheVotesToAddIt() {
    LedgerHarness h = new LedgerHarness(3);
    h.admit(laptop, Role.USER);
    vote(h, h.creator, laptop.deviceId(), true);
    h.sealByAnyone(h.tx(h.creator, new DeviceRevoked(laptop.deviceId(), "lost")));
    assertThat(h.state.votes()).isEmpty();
  }

  @Test
  void voteThatWouldChangeNothingIsNotCountedButExecutesAPassedProposal() {
    // EIP-225 "execute on touch": v0 and v1 vote v2 out while there are 4 validators (2 of 4 is
    // no majority); once v3 is voted out, 2 of 3 is a majority but nothing happens until a vote
    // touches v2, here a vote that would not change anything by itself.
    LedgerHarness h = new LedgerHarness(4);
    List<NodeIdentity> v = h.initialValidators;
    vote(h, v.get(0), v.get(2).deviceId(), false);
    vote(h, v.get(1), v.get(2).deviceId(), false);
    vote(h, v.get(0), v.get(3).deviceId(), false);
    vote(h, v.get(1), v.get(3).deviceId(), false);
    vote(h, v.get(2), v.get(3).deviceId(), false);
    assertThat(h.state.validators()).hasSize(3).contains(v.get(2).deviceId());
    assertThat(h.state.tally(v.get(2).deviceId())).isEqualTo(2);
    vote(h, v.get(2), v.get(2).deviceId(), true);
    assertThat(h.state.validators()).hasSize(2).doesNotContain(v.get(2).deviceId());
  }

  @Test
  void stateAfterApplyEqualsStateTheValidatorReturns() {
    LedgerHarness h = LedgerHarness.withEveryTxType();
    LedgerState replayed = LedgerState.beforeGenesis(h.params);
    for (LedgerBlock block : h.chain) {
      replayed = replayed.apply(block);
    }
    assertThat(replayed.validators()).isEqualTo(h.state.validators());
    assertThat(replayed.votes()).isEqualTo(h.state.votes());
    assertThat(replayed.devices()).isEqualTo(h.state.devices());
    assertThat(replayed.hash()).isEqualTo(h.state.hash());
    assertThat(replayed.totalDifficulty()).isEqualTo(h.state.totalDifficulty());
    assertThat(replayed.policies()).isEqualTo(h.state.policies());
    assertThat(replayed.model()).isEqualTo(h.state.model());
    assertThat(replayed.knowledge()).isEqualTo(h.state.knowledge());
    assertThat(replayed.killSwitch()).isEqualTo(h.state.killSwitch());
  }

  @Test
  void earlierStatesAreNotChangedByLaterBlocks() {
    LedgerHarness h = new LedgerHarness(3);
    h.admit(laptop, Role.USER);
    LedgerState before = h.state;
    vote(h, h.creator, laptop.deviceId(), true);
    vote(h, h.initialValidators.get(1), laptop.deviceId(), true);
    assertThat(h.state.isValidator(laptop.deviceId())).isTrue();
    assertThat(before.isValidator(laptop.deviceId())).isFalse();
    assertThat(before.votes()).isEmpty();
    assertThat(before.validators()).hasSize(3);
  }
}
