package ai.kiana.core.block;

/** The request contradicts what is stored, e.g. retracting a block that is already retracted. */
public final class BlockConflictException extends RuntimeException {

  public BlockConflictException(String message) {
    super(message);
  }
}
