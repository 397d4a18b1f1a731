package ai.kiana.core.ledger.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.crypto.Sha256;
import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.core.ledger.BlockSealer;
import ai.kiana.core.ledger.LedgerBlock;
import ai.kiana.core.ledger.LedgerBlockCodec;
import ai.kiana.core.ledger.LedgerState;
import ai.kiana.core.ledger.LedgerTx;
import ai.kiana.core.ledger.TxPayload;
import ai.kiana.core.ledger.engine.LedgerMessage.NewBlock;
import ai.kiana.core.ledger.engine.LedgerMessage.TxAnnounce;
import ai.kiana.core.ledger.rules.RuleFactory;
import ai.kiana.core.ledger.rules.Verdict;
import ai.kiana.core.ledger.rules.ViolationKind;
import ai.kiana.testkit.ledger.LedgerNetwork;
import ai.kiana.testkit.ledger.TestLedger;
import java.util.HexFormat;
import java.util.List;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Spurious behaviour by a validator (node 5 of 6, whose honest engine is switched off so that it
 * only does what the test makes it do) and by an admitted device that is not a validator (the
 * guest): honest nodes reject every invalid block, count it against the sender, never build on it,
 * and still agree on one head and keep sealing.
 */
class ByzantineValidatorTest {

  private static final int BYZ = 5;
  private static final int[] HONEST = {0, 1, 2, 3, 4};

  private LedgerNetwork net;
  private NodeIdentity byz;
  private NodeIdentity guest;

  @BeforeEach
  void sixValidatorsOneOfThemByzantine() {
    net = LedgerNetwork.builder().validators(6).guests(1).seed(5).build();
    net.offline(BYZ);
    byz = net.node(BYZ).identity();
    guest = net.guest(0);
    // Some honest history first, so attacks start from a chain with seals in it.
    sealHonestTransaction();
  }

  @Test
  void aValidatorThatSealsTooOftenIsRejected() {
    LedgerState head = honestHead();
    LedgerBlock first = BlockSealer.next(byz, head, net.now(), List.of());
    LedgerBlock second = BlockSealer.next(byz, after(head, first), net.now() + 10, List.of());

    broadcast(byz, first);
    broadcast(byz, second);
    net.run(20);

    for (int i : HONEST) {
      assertThat(net.engine(i).block(first.hash())).as("a first block is fine").isNotNull();
    }
    assertRejectedEverywhere(second, byz, ViolationKind.RECENTLY_SIGNED.wireName());
    assertHonestNodesAgreeAndKeepSealing();
  }

  @Test
  void aValidatorThatSealsTwoBlocksAtOneHeightIsCaughtAndOneOfThemWins() {
    LedgerState head = honestHead();
    LedgerTx tx = net.sign(byz, new TxPayload.PolicyChanged("byz.fork", "x"));
    LedgerBlock x = BlockSealer.next(byz, head, net.now(), List.of(tx));
    LedgerBlock y = BlockSealer.next(byz, head, net.now() + 1, List.of());

    for (int i : new int[] {0, 1, 2}) {
      net.inject(byz.deviceId(), i, new NewBlock(x));
    }
    for (int i : new int[] {3, 4}) {
      net.inject(byz.deviceId(), i, new NewBlock(y));
    }
    net.run(20);

    LedgerBlock winner = x.hash().compareTo(y.hash()) < 0 ? x : y;
    for (int i : HONEST) {
      LedgerEngine e = net.engine(i);
      assertThat(e.offences(byz.deviceId())).as("node %d", i).isEqualTo(1);
      assertThat(e.offenceLog())
          .singleElement()
          .extracting(Offence::kind)
          .isEqualTo(Offence.DOUBLE_SEAL);
      assertThat(e.isCanonical(winner.hash()))
          .as("node %d keeps the lower hash of two equal blocks", i)
          .isTrue();
    }
    assertHonestNodesAgreeAndKeepSealing();
    assertThat(net.engine(0).isCanonical(x.hash()) ^ net.engine(0).isCanonical(y.hash())).isTrue();
    // Whichever block lost, its transaction went back to the pool and was sealed on the winner.
    assertThat(net.sealedAt(0, tx)).isTrue();
  }

  @Test
  void blocksWithBadSealsAreRejectedWithoutBlacklistingTheRealBlock() {
    LedgerBlock real = BlockSealer.next(byz, honestHead(), net.now(), List.of());
    String seal = real.seal();
    String badSeal =
        seal.substring(0, 10) + (seal.charAt(10) == '0' ? '1' : '0') + seal.substring(11);
    LedgerBlock forged = withSeal(real, badSeal);

    broadcast(byz, forged);
    net.run(20);
    assertRejectedEverywhere(forged, byz, ViolationKind.BAD_SEAL.wireName());

    // The hash does not cover the seal: the authentic block with that hash is still welcome.
    broadcast(byz, real);
    net.run(20);
    for (int i : HONEST) {
      assertThat(net.engine(i).block(real.hash())).isEqualTo(real);
    }
    assertHonestNodesAgreeAndKeepSealing();
  }

  @Test
  void aBlockSealedInAnotherValidatorsNameIsRejected() {
    LedgerState head = honestHead();
    NodeIdentity victim = net.node(0).identity();
    LedgerBlock template = BlockSealer.next(victim, head, net.now(), List.of());
    LedgerBlock unsealed =
        new LedgerBlock(
            template.height(),
            template.parent(),
            template.timestamp(),
            victim.deviceId(),
            HexFormat.of().formatHex(byz.publicKey()),
            template.difficulty(),
            template.txs(),
            template.txRoot(),
            template.checkpoint(),
            template.hash(),
            template.seal());
    byte[] signing = LedgerBlockCodec.signingBytes(unsealed);
    LedgerBlock impostor =
        new LedgerBlock(
            unsealed.height(),
            unsealed.parent(),
            unsealed.timestamp(),
            unsealed.proposer(),
            unsealed.key(),
            unsealed.difficulty(),
            unsealed.txs(),
            unsealed.txRoot(),
            unsealed.checkpoint(),
            Sha256.hex(signing),
            HexFormat.of().formatHex(byz.sign(signing)));

    broadcast(byz, impostor);
    net.run(20);

    assertRejectedEverywhere(impostor, byz, ViolationKind.BAD_SEAL.wireName());
    assertHonestNodesAgreeAndKeepSealing();
  }

  @Test
  void blocksFromTheFutureAreRejected() {
    LedgerBlock future = BlockSealer.next(byz, honestHead(), net.now() + 3_600_000, List.of());

    broadcast(byz, future);
    net.run(20);

    assertRejectedEverywhere(future, byz, ViolationKind.TIMESTAMP_IN_FUTURE.wireName());
    assertHonestNodesAgreeAndKeepSealing();
  }

  @Test
  void transactionsWithInvalidSignaturesAreRejectedInBlocksAndInAnnouncements() {
    LedgerTx legit = net.sign(net.node(1).identity(), new TxPayload.PolicyChanged("t.sig", "a"));
    LedgerTx other = net.sign(net.node(1).identity(), new TxPayload.PolicyChanged("t.sig", "b"));
    LedgerTx forged =
        new LedgerTx(legit.payload(), legit.issuer(), legit.key(), legit.seq(), other.sig());
    LedgerBlock carrier = BlockSealer.next(byz, honestHead(), net.now(), List.of(forged));

    net.injectAll(byz.deviceId(), new TxAnnounce(forged));
    broadcast(byz, carrier);
    net.run(20);

    assertRejectedEverywhere(carrier, byz, ViolationKind.BAD_TX_SIGNATURE.wireName());
    for (int i : HONEST) {
      assertThat(net.engine(i).pending()).doesNotContain(forged);
      assertThat(net.engine(i).offences(byz.deviceId())).isEqualTo(2); // announcement and block
    }
    // The forgery shares the real transaction's id; the real one still gets in.
    assertThat(net.submit(1, legit).pooled()).isTrue();
    net.runUntil(() -> net.sealedAt(0, legit) && net.converged(HONEST), 200);
    assertHonestNodesAgreeAndKeepSealing();
  }

  @Test
  void replayedVotesAreRejected() {
    LedgerTx vote =
        net.sign(net.node(1).identity(), new TxPayload.ValidatorVote(guest.deviceId(), true));
    assertThat(net.submit(1, vote).pooled()).isTrue();
    net.runUntil(() -> allHonest(i -> net.sealedAt(i, vote)), 200);
    assertThat(honestHead().tally(guest.deviceId())).isEqualTo(1);

    net.injectAll(byz.deviceId(), new TxAnnounce(vote));
    LedgerBlock replay = BlockSealer.next(byz, honestHead(), net.now(), List.of(vote));
    broadcast(byz, replay);
    net.run(20);

    assertRejectedEverywhere(replay, byz, ViolationKind.REPLAYED_TX.wireName());
    for (int i : HONEST) {
      assertThat(net.engine(i).pending()).doesNotContain(vote);
      assertThat(net.engine(i).headState().tally(guest.deviceId())).isEqualTo(1);
    }
    assertHonestNodesAgreeAndKeepSealing();
  }

  @Test
  void aDeviceThatIsNotAValidatorCannotVoteNorSeal() {
    LedgerTx selfVote =
        LedgerTx.sign(guest, 1, new TxPayload.ValidatorVote(guest.deviceId(), true));
    LedgerTx voteOut =
        LedgerTx.sign(guest, 2, new TxPayload.ValidatorVote(net.node(0).id(), false));

    // Announced: no honest pool takes them (not an offence: a node on another fork might differ).
    net.injectAll(guest.deviceId(), new TxAnnounce(selfVote));
    net.injectAll(guest.deviceId(), new TxAnnounce(voteOut));
    // Carried by a Byzantine validator's block: rejected.
    LedgerBlock carried = BlockSealer.next(byz, honestHead(), net.now(), List.of(selfVote));
    broadcast(byz, carried);
    // Sealed by the guest itself: rejected.
    LedgerBlock sealedByGuest =
        BlockSealer.seal(
            guest,
            honestHead().height() + 1,
            honestHead().hash(),
            net.now(),
            LedgerBlock.DIFF_OUT_OF_TURN,
            List.of(selfVote, voteOut),
            null);
    broadcast(guest, sealedByGuest);
    net.run(20);

    assertRejectedEverywhere(carried, byz, ViolationKind.UNAUTHORIZED_TX.wireName());
    assertRejectedEverywhere(sealedByGuest, guest, ViolationKind.UNAUTHORIZED_SIGNER.wireName());
    for (int i : HONEST) {
      LedgerEngine e = net.engine(i);
      assertThat(e.pending()).doesNotContain(selfVote, voteOut);
      assertThat(e.headState().isValidator(guest.deviceId())).isFalse();
      assertThat(e.headState().tally(guest.deviceId())).isZero();
    }
    assertHonestNodesAgreeAndKeepSealing();
  }

  @Test
  void childrenOfARejectedBlockAreRejectedToo() {
    LedgerBlock tooEarly = BlockSealer.next(byz, honestHead(), honestHead().timestamp(), List.of());
    NodeIdentity accomplice = net.node(4).identity(); // its key, not its engine: a stolen key
    LedgerBlock child =
        BlockSealer.next(accomplice, after(honestHead(), tooEarly, false), net.now(), List.of());

    broadcast(byz, child); // an orphan first: its parent is fetched from the sender, which has none
    broadcast(byz, tooEarly);
    net.run(20);

    assertRejectedEverywhere(tooEarly, byz, ViolationKind.TIMESTAMP_TOO_EARLY.wireName());
    assertRejectedEverywhere(child, byz, ViolationKind.BAD_PARENT.wireName());
    assertHonestNodesAgreeAndKeepSealing();
  }

  // ---------------------------------------------------------------- helpers

  private LedgerState honestHead() {
    return net.engine(0).headState();
  }

  private LedgerState after(LedgerState parent, LedgerBlock block) {
    return after(parent, block, true);
  }

  /** The state after {@code block}, validated unless {@code validate} is false. */
  private LedgerState after(LedgerState parent, LedgerBlock block, boolean validate) {
    if (!validate) {
      return parent.apply(block);
    }
    Verdict verdict = net.validator().validate(parent, block, block.timestamp());
    assertThat(verdict.accepted()).as("%s", verdict).isTrue();
    return ((Verdict.Accepted) verdict).state();
  }

  private void broadcast(NodeIdentity from, LedgerBlock block) {
    net.injectAll(from.deviceId(), new NewBlock(block));
  }

  private static LedgerBlock withSeal(LedgerBlock b, String seal) {
    return new LedgerBlock(
        b.height(),
        b.parent(),
        b.timestamp(),
        b.proposer(),
        b.key(),
        b.difficulty(),
        b.txs(),
        b.txRoot(),
        b.checkpoint(),
        b.hash(),
        seal);
  }

  private void assertRejectedEverywhere(LedgerBlock bad, NodeIdentity sender, String kind) {
    for (int i : HONEST) {
      LedgerEngine e = net.engine(i);
      assertThat(e.block(bad.hash()) == null || !e.block(bad.hash()).equals(bad))
          .as("node %d does not hold the bad block", i)
          .isTrue();
      assertThat(e.offenceLog())
          .as("node %d counts it against the sender", i)
          .anyMatch(
              o ->
                  o.subject().equals(bad.hash())
                      && o.by().equals(sender.deviceId())
                      && o.kind().equals(kind));
    }
  }

  private void sealHonestTransaction() {
    LedgerTx tx = net.submitPolicy(net.online().get((int) (net.rounds() % 5)));
    net.runUntil(() -> allHonest(i -> net.sealedAt(i, tx)) && net.converged(HONEST), 300);
  }

  /**
   * The honest nodes agree on one head, blamed none of themselves, keep sealing, and their chain
   * re-validates from genesis.
   */
  private void assertHonestNodesAgreeAndKeepSealing() {
    for (int k = 0; k < 3; k++) {
      sealHonestTransaction();
    }
    assertThat(net.converged(HONEST)).isTrue();
    for (int i : HONEST) {
      LedgerEngine e = net.engine(i);
      for (int j : HONEST) {
        assertThat(e.offences(net.node(j).id())).as("node %d blames honest node %d", i, j).isZero();
      }
    }
    List<LedgerBlock> chain = net.engine(0).chain(0, Integer.MAX_VALUE);
    Verdict verdict =
        RuleFactory.chainValidator(TestLedger.ED25519, net.params()).validate(chain, net.now());
    assertThat(verdict.accepted()).as("%s", verdict).isTrue();
  }

  private boolean allHonest(IntPredicate check) {
    for (int i : HONEST) {
      if (!check.test(i)) {
        return false;
      }
    }
    return true;
  }
}
