package ai.kiana.core.block;

/** No stored block has the given ID. */
public final class BlockNotFoundException extends RuntimeException {

  private final BlockId id;

  public BlockNotFoundException(BlockId id) {
    super("no block " + id.hex());
    this.id = id;
  }

  public BlockId id() {
    return id;
  }
}
