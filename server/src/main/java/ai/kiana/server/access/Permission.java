package ai.kiana.server.access;

/**
 * What a route needs of its caller. Every {@link ai.kiana.server.http.Route} declares one; which
 * role holds which is decided in one place, {@link PermissionMatrix}.
 *
 * <p>{@link #duringHalt} says what the kill switch does to the permission: the halted node keeps
 * its data readable by the creator but gives no answers, learns nothing and syncs nothing.
 */
public enum Permission {
  /** No login: health probes, logging in, refreshing a session, the one-time setup. */
  PUBLIC(Halt.ALLOWED),
  /** Any logged-in account: who am I, log out. */
  SIGNED_IN(Halt.ALLOWED),
  /** This node's identity and statistics. */
  READ_NODE(Halt.ALLOWED),
  /** Reading knowledge blocks (while halted: the creator only). */
  READ_KNOWLEDGE(Halt.CREATOR_ONLY),
  /** Adding, editing and retracting knowledge blocks. */
  WRITE_KNOWLEDGE(Halt.REFUSED),
  /** Importing files and folders. */
  IMPORT(Halt.REFUSED),
  /** Asking questions (chat answers). */
  CHAT(Halt.REFUSED),
  /** Knowledge sync with peers. */
  SYNC(Halt.REFUSED),
  /** Reading the device ledger. */
  READ_LEDGER(Halt.ALLOWED),
  /** Changing how the node answers: the answer backend and the prompt filter rules. */
  MANAGE_SETTINGS(Halt.ALLOWED),
  /** Submitting ledger transactions. */
  SUBMIT_LEDGER(Halt.ALLOWED),
  /** Adding, removing and re-roling accounts (an admin cannot touch creators and admins). */
  MANAGE_ACCOUNTS(Halt.ALLOWED),
  /** Revoking devices. */
  MANAGE_DEVICES(Halt.ALLOWED),
  /** Reading the audit log. */
  READ_AUDIT(Halt.ALLOWED),
  /** Engaging the kill switch (with the phrase) and reading its state. */
  KILL_SWITCH(Halt.ALLOWED),
  /** Setting the kill phrase and lifting the kill switch: the owner only. */
  RESUME(Halt.ALLOWED),
  /** Sending and reading end-to-end messages between the user's devices. */
  MESSAGES(Halt.CREATOR_ONLY);

  /** What the kill switch does to a permission. */
  public enum Halt {
    ALLOWED,
    CREATOR_ONLY,
    REFUSED
  }

  private final Halt duringHalt;

  Permission(Halt duringHalt) {
    this.duringHalt = duringHalt;
  }

  public Halt duringHalt() {
    return duringHalt;
  }

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
