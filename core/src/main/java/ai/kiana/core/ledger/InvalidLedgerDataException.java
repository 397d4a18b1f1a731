package ai.kiana.core.ledger;

/**
 * A ledger block or transaction is not well-formed: a field is missing, mistyped or out of range.
 * Names the field as a path inside the block, e.g. {@code txs[2].subject}. Rule violations of
 * well-formed blocks are not exceptions but {@link ai.kiana.core.ledger.rules.RuleViolation}s.
 */
public final class InvalidLedgerDataException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String field;
  private final String problem;

  public InvalidLedgerDataException(String field, String problem) {
    super(field + ": " + problem);
    this.field = field;
    this.problem = problem;
  }

  public String field() {
    return field;
  }

  public String problem() {
    return problem;
  }

  /** The same problem, with its field placed under {@code parent} (e.g. "txs[2]"). */
  public InvalidLedgerDataException under(String parent) {
    InvalidLedgerDataException moved =
        new InvalidLedgerDataException(parent + "." + field, problem);
    moved.setStackTrace(getStackTrace());
    return moved;
  }
}
