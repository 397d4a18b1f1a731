package ai.kiana.core.ledger;

import static ai.kiana.core.ledger.LedgerHarness.identity;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.core.ledger.rules.ChainValidator;
import ai.kiana.core.ledger.rules.RuleFactory;
import ai.kiana.core.ledger.rules.Verdict;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random honest ledgers (1, 2, 3, 5 or 7 validators, random proposers, random votes and
 * revocations, with and without epochs) against an independent model of EIP-225's tally written the
 * way the EIP describes it (a tally per subject, cast and uncast). Seeded: the case seed is in the
 * display name and reproduces the case.
 */
class LedgerPropertyTest {

  private static final int[] SIZES = {1, 2, 3, 5, 7};

  static Stream<Arguments> seeds() {
    Random random = new Random(0x1ed6e7L);
    return Stream.generate(random::nextLong)
        .limit(60)
        .map(s -> Arguments.of(Long.toHexString(s), s));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void ledgerAgreesWithTheReferenceTallyAndItsChainValidates(String name, long seed) {
    Random random = new Random(seed);
    int n = SIZES[random.nextInt(SIZES.length)];
    long epoch = new long[] {0, 5, 7, 30_000}[random.nextInt(4)];
    LedgerHarness h = new LedgerHarness(n, LedgerParams.DEFAULTS.withEpochLength(epoch));
    List<NodeIdentity> devices = new ArrayList<>(h.initialValidators);
    for (int i = 0; i < 3; i++) {
      NodeIdentity candidate = identity("candidate" + i);
      h.admit(candidate, Role.USER);
      devices.add(candidate);
    }
    Reference model = new Reference(h.state.validators());
    int blocks = 30 + random.nextInt(50);
    for (int b = 0; b < blocks; b++) {
      long height = h.state.height() + 1;
      boolean epochBlock = h.params.isEpochBlock(height);
      if (epochBlock) {
        model.epoch();
      }
      // The model after each transaction so far: what the next transaction of the block meets.
      Reference next = model.copy();
      List<LedgerTx> txs = new ArrayList<>();
      int count = epochBlock ? 0 : random.nextInt(3);
      for (int t = 0; t < count; t++) {
        List<DeviceId> current = new ArrayList<>(next.signers);
        NodeIdentity voter = h.byId(current.get(random.nextInt(current.size())));
        NodeIdentity subject = devices.get(random.nextInt(devices.size()));
        boolean member = next.signers.contains(subject.deviceId());
        boolean add = random.nextInt(3) > 0 ? !member : random.nextBoolean();
        if (!add && member && next.signers.size() == 1) {
          continue;
        }
        txs.add(h.tx(voter, new TxPayload.ValidatorVote(subject.deviceId(), add)));
        next.vote(voter.deviceId(), subject.deviceId(), add);
      }
      if (random.nextInt(20) == 0 && next.signers.size() > 1) {
        List<DeviceId> current = new ArrayList<>(next.signers);
        current.remove(h.creator.deviceId());
        DeviceId victim = current.get(random.nextInt(current.size()));
        txs.add(h.tx(h.creator, new TxPayload.DeviceRevoked(victim, "random")));
        next.revoke(victim);
        devices.removeIf(d -> d.deviceId().equals(victim));
      }
      h.seal(h.allowedProposer(), txs.toArray(LedgerTx[]::new));
      model = next;
      assertThat(h.state.validators())
          .as("block %d", height)
          .containsExactlyElementsOf(model.signers);
      for (NodeIdentity device : devices) {
        assertThat(h.state.tally(device.deviceId()))
            .as("tally of %s at block %d", device, height)
            .isEqualTo(model.tally(device.deviceId()));
      }
      assertThat(h.state.validators()).isNotEmpty().allMatch(h.state::isActive);
    }
    ChainValidator validator = RuleFactory.chainValidator(LedgerHarness.ED, h.params);
    Verdict verdict = validator.validate(h.chain, h.state.timestamp());
    assertThat(((Verdict.Accepted) verdict).state().validators()).isEqualTo(h.state.validators());
  }

  /** EIP-225's snapshot bookkeeping: chronological votes plus a tally per subject. */
  private static final class Reference {
    TreeSet<DeviceId> signers;
    List<Vote> votes = new ArrayList<>();
    Map<DeviceId, int[]> tally = new HashMap<>(); // subject -> {authorize ? 1 : 0, count}

    Reference(List<DeviceId> signers) {
      this.signers = new TreeSet<>(signers);
    }

    Reference copy() {
      Reference r = new Reference(List.copyOf(signers));
      r.votes = new ArrayList<>(votes);
      tally.forEach((k, v) -> r.tally.put(k, v.clone()));
      return r;
    }

    void epoch() {
      votes.clear();
      tally.clear();
    }

    int tally(DeviceId subject) {
      int[] t = tally.get(subject);
      return t == null ? 0 : t[1];
    }

    void vote(DeviceId signer, DeviceId subject, boolean add) {
      for (int i = 0; i < votes.size(); i++) {
        Vote v = votes.get(i);
        if (v.signer().equals(signer) && v.subject().equals(subject)) {
          uncast(subject, v.add());
          votes.remove(i);
          break;
        }
      }
      if (signers.contains(subject) != add) {
        int[] t = tally.computeIfAbsent(subject, k -> new int[] {add ? 1 : 0, 0});
        t[1]++;
        votes.add(new Vote(signer, subject, add));
      }
      int[] t = tally.get(subject);
      if (t != null && t[1] > signers.size() / 2) {
        if (t[0] == 1) {
          signers.add(subject);
        } else {
          signers.remove(subject);
          dropVotesBy(subject);
        }
        votes.removeIf(v -> v.subject().equals(subject));
        tally.remove(subject);
      }
    }

    void revoke(DeviceId device) {
      if (signers.remove(device)) {
        dropVotesBy(device);
      }
      votes.removeIf(v -> v.subject().equals(device));
      tally.remove(device);
    }

    private void dropVotesBy(DeviceId signer) {
      for (int i = 0; i < votes.size(); i++) {
        if (votes.get(i).signer().equals(signer)) {
          uncast(votes.get(i).subject(), votes.get(i).add());
          votes.remove(i--);
        }
      }
    }

    private void uncast(DeviceId subject, boolean add) {
      int[] t = tally.get(subject);
      if (t == null || (t[0] == 1) != add) {
        return;
      }
      if (t[1] > 1) {
        t[1]--;
      } else {
        tally.remove(subject);
      }
    }
  }
}
