package ai.kiana.core.ledger;

import ai.kiana.core.identity.DeviceId;

/**
 * What a ledger transaction says, without who said it: one record per {@link TxType}. {@link
 * LedgerTx} wraps a payload with its issuer, sequence number and signature. Records check their own
 * format; whether the issuer may say it is decided by the rules against the ledger state.
 */
public sealed interface TxPayload {

  TxType type();

  /**
   * A device joins the network with a role. {@code device} must be SHA-256 of {@code deviceKey}.
   */
  record DeviceAdmitted(DeviceId device, String deviceKey, Role role, String name)
      implements TxPayload {
    public DeviceAdmitted {
      LedgerHex.present("device", device);
      LedgerHex.requireKey("deviceKey", deviceKey);
      if (role == null) {
        throw new InvalidLedgerDataException("role", "missing");
      }
      LedgerHex.requireText("name", name, 1, LedgerLimits.MAX_NAME_CHARS);
    }

    @Override
    public TxType type() {
      return TxType.DEVICE_ADMITTED;
    }
  }

  /** A device leaves for good: it may no longer seal, vote or issue transactions. */
  record DeviceRevoked(DeviceId device, String reason) implements TxPayload {
    public DeviceRevoked {
      LedgerHex.present("device", device);
      LedgerHex.requireText("reason", reason, 0, LedgerLimits.MAX_REASON_CHARS);
    }

    @Override
    public TxType type() {
      return TxType.DEVICE_REVOKED;
    }
  }

  /** An admitted device gets another role. */
  record RoleChanged(DeviceId device, Role role) implements TxPayload {
    public RoleChanged {
      LedgerHex.present("device", device);
      if (role == null) {
        throw new InvalidLedgerDataException("role", "missing");
      }
    }

    @Override
    public TxType type() {
      return TxType.ROLE_CHANGED;
    }
  }

  /**
   * A validator's vote to add ({@code add}) or remove {@code subject} from the validator set,
   * tallied as EIP-225 tallies the votes that Clique blocks carry.
   */
  record ValidatorVote(DeviceId subject, boolean add) implements TxPayload {
    public ValidatorVote {
      LedgerHex.present("subject", subject);
    }

    @Override
    public TxType type() {
      return TxType.VALIDATOR_VOTE;
    }
  }

  /** Stops answering and knowledge sync on every node until a {@link Resume}. */
  record KillSwitch(String reason) implements TxPayload {
    public KillSwitch {
      LedgerHex.requireText("reason", reason, 0, LedgerLimits.MAX_REASON_CHARS);
    }

    @Override
    public TxType type() {
      return TxType.KILL_SWITCH;
    }
  }

  /** Lifts the kill switch. */
  record Resume() implements TxPayload {
    @Override
    public TxType type() {
      return TxType.RESUME;
    }
  }

  /** A new version of the jointly learned model; versions strictly increase. */
  record ModelPublished(long version, String sha256) implements TxPayload {
    public ModelPublished {
      LedgerHex.requireSafeInteger("version", version, 1);
      LedgerHex.requireHash("sha256", sha256);
    }

    @Override
    public TxType type() {
      return TxType.MODEL_PUBLISHED;
    }
  }

  /** The Merkle root ({@link ai.kiana.core.merkle.MerkleTree}) of the knowledge set's block ids. */
  record KnowledgeCheckpoint(String merkleRoot, long blockCount) implements TxPayload {
    public KnowledgeCheckpoint {
      LedgerHex.requireHash("merkleRoot", merkleRoot);
      LedgerHex.requireSafeInteger("blockCount", blockCount, 0);
    }

    @Override
    public TxType type() {
      return TxType.KNOWLEDGE_CHECKPOINT;
    }
  }

  /** Sets a network-wide policy value; a null {@code value} removes the policy. */
  record PolicyChanged(String policy, String value) implements TxPayload {
    public PolicyChanged {
      LedgerHex.requireText("policy", policy, 1, LedgerLimits.MAX_POLICY_NAME_CHARS);
      for (int i = 0; i < policy.length(); i++) {
        char c = policy.charAt(i);
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-')) {
          throw new InvalidLedgerDataException(
              "policy", "may contain only a-z, 0-9, '.' and '-', e.g. 'sync.max-peers'");
        }
      }
      if (value != null && value.length() > LedgerLimits.MAX_POLICY_VALUE_CHARS) {
        throw new InvalidLedgerDataException(
            "value", "must be at most " + LedgerLimits.MAX_POLICY_VALUE_CHARS + " characters");
      }
    }

    @Override
    public TxType type() {
      return TxType.POLICY_CHANGED;
    }
  }

  /**
   * The issuing device replaces its key by {@code newKey}. The transaction is signed by the current
   * key (as every transaction is); {@code newKeySig} is the new key's Ed25519 signature over {@link
   * #rotationStatement}, so both keys agree to the change. The device keeps its ID (the hash of its
   * first key); the ledger maps it to its current key from then on.
   */
  record KeyRotated(String newKey, String newKeySig) implements TxPayload {
    public KeyRotated {
      LedgerHex.requireKey("newKey", newKey);
      LedgerHex.requireSignature("newKeySig", newKeySig);
    }

    @Override
    public TxType type() {
      return TxType.KEY_ROTATED;
    }

    /**
     * The rotation of {@code current}'s key to {@code next}'s, with {@code next}'s signature over
     * the statement; sign the transaction with {@code current}.
     */
    public static KeyRotated of(
        ai.kiana.core.identity.NodeIdentity current, ai.kiana.core.identity.NodeIdentity next) {
      String oldKey = LedgerHex.HEX.formatHex(current.publicKey());
      String newKey = LedgerHex.HEX.formatHex(next.publicKey());
      byte[] sig = next.sign(rotationStatement(current.deviceId(), oldKey, newKey));
      return new KeyRotated(newKey, LedgerHex.HEX.formatHex(sig));
    }

    /**
     * What the new key signs: {@code "kiana-key-rotation\n" + device hex + "\n" + old key hex +
     * "\n" + new key hex}, UTF-8.
     */
    public static byte[] rotationStatement(DeviceId device, String oldKey, String newKey) {
      return ("kiana-key-rotation\n" + device.hex() + "\n" + oldKey + "\n" + newKey)
          .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
  }
}
