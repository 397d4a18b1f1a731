package ai.kiana.core.block;

/** A block, or a request to make one, breaks a rule of the block format. Names the field. */
public final class InvalidBlockException extends IllegalArgumentException {

  private final String field;

  public InvalidBlockException(String field, String problem) {
    super(field + ": " + problem);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
