package ai.kiana.server.node;

/** The node cannot start or open its data: says what is wrong and what the user can do. */
public final class NodeSetupException extends RuntimeException {

  private final String hint;

  public NodeSetupException(String problem, String hint) {
    super(problem);
    this.hint = hint;
  }

  public String hint() {
    return hint;
  }
}
