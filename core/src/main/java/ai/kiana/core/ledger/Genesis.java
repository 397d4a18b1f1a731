package ai.kiana.core.ledger;

import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.identity.NodeIdentity;
import ai.kiana.core.ledger.TxPayload.DeviceAdmitted;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Makes the genesis block (height 0, parent 64 zeros, difficulty 1), as {@code kiana init} does on
 * the Mother: sealed by the creator device, its checkpoint lists the initial validators, and its
 * transactions admit the creator (first, issued by the creator for itself, role creator) and then
 * any further initial members. The creator is always a validator.
 */
public final class Genesis {

  /** A device admitted in the genesis block besides the creator. */
  public record Member(DeviceId device, String key, Role role, String name, boolean validator) {
    public Member {
      LedgerHex.present("device", device);
      LedgerHex.requireKey("key", key);
      LedgerHex.present("role", role);
      LedgerHex.requireText("name", name, 1, LedgerLimits.MAX_NAME_CHARS);
    }

    /** {@code identity}'s device as a member. */
    public static Member of(NodeIdentity identity, Role role, String name, boolean validator) {
      return new Member(
          identity.deviceId(),
          LedgerHex.HEX.formatHex(identity.publicKey()),
          role,
          name,
          validator);
    }
  }

  private Genesis() {}

  /** A one-device network: the creator alone, as the only validator. */
  public static LedgerBlock create(NodeIdentity creator, String creatorName, long timestamp) {
    return create(creator, creatorName, timestamp, List.of());
  }

  /**
   * A network that starts with the creator and {@code members}.
   *
   * @throws IllegalArgumentException if a member is the creator or appears twice
   */
  public static LedgerBlock create(
      NodeIdentity creator, String creatorName, long timestamp, List<Member> members) {
    List<LedgerTx> txs = new ArrayList<>();
    TreeSet<DeviceId> validators = new TreeSet<>();
    validators.add(creator.deviceId());
    long seq = 1;
    txs.add(
        LedgerTx.sign(
            creator,
            seq++,
            new DeviceAdmitted(
                creator.deviceId(),
                LedgerHex.HEX.formatHex(creator.publicKey()),
                Role.CREATOR,
                creatorName)));
    TreeSet<DeviceId> seen = new TreeSet<>(List.of(creator.deviceId()));
    for (Member member : members) {
      if (!seen.add(member.device())) {
        throw new IllegalArgumentException(
            "members: device " + member.device() + " appears twice or is the creator");
      }
      txs.add(
          LedgerTx.sign(
              creator,
              seq++,
              new DeviceAdmitted(member.device(), member.key(), member.role(), member.name())));
      if (member.validator()) {
        validators.add(member.device());
      }
    }
    return BlockSealer.seal(
        creator,
        0,
        LedgerBlock.NO_PARENT,
        timestamp,
        LedgerBlock.DIFF_OUT_OF_TURN,
        txs,
        List.copyOf(validators));
  }
}
