package ai.kiana.core.ledger;

/** Size limits of the ledger format (docs/PROTOCOL.md, "Ledger"). Exceeding one is malformed. */
public final class LedgerLimits {

  /** Integers in ledger JSON (heights, timestamps, sequence numbers) stay below 2^53. */
  public static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

  public static final int MAX_TXS_PER_BLOCK = 4096;
  public static final int MAX_VALIDATORS = 1024;
  public static final int MAX_NAME_CHARS = 100;
  public static final int MAX_REASON_CHARS = 1000;
  public static final int MAX_POLICY_NAME_CHARS = 128;
  public static final int MAX_POLICY_VALUE_CHARS = 10_000;

  private LedgerLimits() {}
}
