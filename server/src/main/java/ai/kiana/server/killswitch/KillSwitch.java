package ai.kiana.server.killswitch;

import ai.kiana.core.ledger.LedgerFacts.KillSwitchState;
import ai.kiana.core.ledger.LedgerState;
import ai.kiana.core.ledger.TxPayload;
import ai.kiana.server.audit.AuditAction;
import ai.kiana.server.audit.AuditLog;
import ai.kiana.server.auth.AuthException;
import ai.kiana.server.auth.AuthException.Kind;
import ai.kiana.server.auth.PasswordHasher;
import ai.kiana.server.auth.SecurityStore;
import ai.kiana.server.ledger.LedgerService;
import ai.kiana.server.limits.LoginThrottle;
import java.time.Clock;

/**
 * The kill switch (DESIGN.md, "Safety"). The creator sets a kill phrase, kept only as a salted
 * argon2id hash. Entering it halts the node: the halt is persisted (it survives restarts) and, with
 * the ledger, issued as a signed kill-switch transaction so that every node that receives it halts
 * too. A kill-switch transaction from another node halts this one in turn (the ledger's rules have
 * checked its signature, issuer role and sequence number, so forged and replayed ones never get
 * here). Only the creator lifts it, with the phrase, as a signed resume.
 *
 * <p>Wrong phrases are throttled like failed logins and audited. Thread-safe.
 */
public final class KillSwitch implements AutoCloseable {

  static final String PHRASE = "kill-phrase";
  static final String HALT = "halt";
  static final String THROTTLE_KEY = "kill-phrase";

  /**
   * Set by a process without the ledger (the CLI next to a running node, or while it is stopped):
   * "kill-switch" or "resume", the transaction the node must still issue.
   */
  static final String LEDGER_PENDING = "ledger-pending";

  /** How stale the halt may be seen: a halt written by the CLI reaches a running node this fast. */
  static final long REFRESH_NANOS = 250_000_000L;

  private final SecurityStore store;
  private final AuditLog audit;
  private final LedgerService ledger;
  private final PasswordHasher hasher;
  private final LoginThrottle throttle;
  private final SafetyEvents events;
  private final Clock clock;
  private volatile HaltState state;
  // The ledger's kill switch as last seen; halts and resumes follow its changes, not its value, so
  // a local halt whose transaction is not sealed yet is not lifted by the older ledger state.
  private volatile boolean ledgerEngaged;
  private volatile long refreshedAt = System.nanoTime();
  // On a node (with the ledger): looks for halts written by the CLI even while no request comes.
  private final java.util.concurrent.ScheduledExecutorService watcher;

  public KillSwitch(
      SecurityStore store,
      AuditLog audit,
      LedgerService ledger,
      PasswordHasher hasher,
      LoginThrottle throttle,
      SafetyEvents events,
      Clock clock) {
    this.store = store;
    this.audit = audit;
    this.ledger = ledger;
    this.hasher = hasher;
    this.throttle = throttle;
    this.events = events;
    this.clock = clock;
    this.state = stored();
    if (ledger != null) {
      KillSwitchState ks = ledger.headState().killSwitch();
      ledgerEngaged = ks.engaged();
      ledger.onHeadChange(this::onLedgerHead);
      String pending = store.setting(LEDGER_PENDING).orElse("");
      if (ks.engaged() && !state.halted() && (!pending.equals("resume") || !mayResume())) {
        persist(new HaltState(true, ks.reason(), device(ks), clock.millis(), "ledger"));
      }
      issuePending();
      watcher =
          java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
              r -> Thread.ofPlatform().name("kiana-killswitch").daemon().unstarted(r));
      watcher.scheduleWithFixedDelay(
          this::watch, REFRESH_NANOS, REFRESH_NANOS, java.util.concurrent.TimeUnit.NANOSECONDS);
    } else {
      watcher = null;
    }
  }

  private void watch() {
    try {
      refresh();
    } catch (RuntimeException e) {
      // A store that is briefly unavailable; the next round retries.
    }
  }

  @Override
  public void close() {
    if (watcher != null) {
      watcher.shutdownNow();
    }
  }

  /** A node without the ledger: the CLI's own view of the data directory. */
  public static KillSwitch withoutLedger(
      SecurityStore store,
      AuditLog audit,
      PasswordHasher hasher,
      LoginThrottle throttle,
      Clock clock) {
    return new KillSwitch(store, audit, null, hasher, throttle, new SafetyEvents(), clock);
  }

  public HaltState state() {
    refresh();
    return state;
  }

  /** Whether the node is halted; sees a halt or resume written by another process within 250 ms. */
  public boolean halted() {
    refresh();
    return state.halted();
  }

  /**
   * Picks up a halt or resume that another process (the CLI) wrote to the database, tells the
   * listeners, and issues the ledger transaction that process could not.
   */
  private void refresh() {
    long now = System.nanoTime();
    if (now - refreshedAt < REFRESH_NANOS) {
      return;
    }
    refreshedAt = now;
    HaltState stored = stored();
    if (stored.halted() == state.halted()) {
      return;
    }
    if (!stored.halted() && ledgerEngaged && !mayResume()) {
      // Lifted by another process (the CLI) on a device that may not sign a resume: the halt came
      // over the ledger and stays until the creator's resume arrives.
      persist(state);
      audit.append("cli", AuditAction.PERMISSION_DENIED, "kill-switch", "resume refused");
      store.removeSetting(LEDGER_PENDING);
      return;
    }
    synchronized (this) {
      boolean was = state.halted();
      state = stored;
      if (stored.halted() && !was) {
        events.halted(stored);
      } else if (!stored.halted() && was) {
        events.resumed();
      }
    }
    if (ledger != null) {
      // Not on a request thread's time: a submission waits for the ledger thread.
      Thread.ofVirtual().name("kiana-killswitch").start(this::issuePending);
    }
  }

  private synchronized void issuePending() {
    String pending = store.setting(LEDGER_PENDING).orElse(null);
    if (pending == null || ledger == null) {
      return;
    }
    if (pending.equals("kill-switch") && !ledgerEngaged) {
      ledger.submit(new TxPayload.KillSwitch(state.reason()));
    } else if (pending.equals("resume") && ledgerEngaged) {
      ledger.submit(new TxPayload.Resume());
    }
    store.removeSetting(LEDGER_PENDING);
  }

  /** Whether this device's ledger role may sign a resume (the rules decide: the creator). */
  private boolean mayResume() {
    return ledger.headState().activeRole(ledger.deviceId()) == ai.kiana.core.ledger.Role.CREATOR;
  }

  private HaltState stored() {
    return store.setting(HALT).map(HaltState::fromJson).orElse(HaltState.RUNNING);
  }

  public boolean hasPhrase() {
    return store.setting(PHRASE).isPresent();
  }

  /**
   * Sets or changes the kill phrase; a phrase already set must be given as {@code current}.
   *
   * @throws AuthException INVALID for a too short phrase, UNAUTHORIZED for a wrong current one
   */
  public void setPhrase(String current, String phrase, String actor) {
    try {
      PasswordHasher.checkStrength("the kill phrase", phrase);
    } catch (IllegalArgumentException e) {
      throw new AuthException(Kind.INVALID, e.getMessage());
    }
    if (hasPhrase()) {
      checkPhrase(current, actor);
    }
    store.putSetting(PHRASE, hasher.hash(phrase));
    audit.append(actor, AuditAction.KILL_PHRASE_SET, "kill-switch", "");
  }

  /**
   * Halts the node if {@code phrase} is the kill phrase. Idempotent while halted.
   *
   * @throws AuthException UNAUTHORIZED for a wrong phrase, LOCKED after too many, CONFLICT if no
   *     phrase is set
   */
  public synchronized HaltState engage(String phrase, String actor) {
    checkPhrase(phrase, actor);
    if (!halted()) {
      HaltState halt =
          new HaltState(true, "kill phrase entered by " + actor, actor, clock.millis(), "phrase");
      persist(halt);
      audit.append(actor, AuditAction.HALTED, "node", halt.reason());
      events.halted(halt);
    }
    if (ledger == null) {
      store.putSetting(LEDGER_PENDING, "kill-switch");
    } else if (!ledgerEngaged) {
      ledger.submit(new TxPayload.KillSwitch("kill phrase entered by " + actor));
    }
    return state;
  }

  /**
   * Lifts the halt with the phrase, and on the ledger as a resume signed by this device (whose
   * ledger role must be creator; the ledger refuses it otherwise).
   */
  public synchronized HaltState resume(String phrase, String actor) {
    checkPhrase(phrase, actor);
    if (ledger == null) {
      store.putSetting(LEDGER_PENDING, "resume");
    } else if (ledgerEngaged) {
      var admission = ledger.submit(new TxPayload.Resume()).admission();
      if (!admission.accepted()) {
        // The halt came over the ledger from the creator's network: this device may not lift it.
        audit.append(actor, AuditAction.PERMISSION_DENIED, "kill-switch", "resume refused");
        throw new AuthException(
            Kind.FORBIDDEN,
            "the kill switch is engaged on the ledger; only the creator's device can resume ("
                + admission.violation()
                + ")");
      }
    }
    if (halted()) {
      lift(actor);
    }
    return state;
  }

  private void onLedgerHead(LedgerState head) {
    KillSwitchState ks = head.killSwitch();
    boolean was = ledgerEngaged;
    ledgerEngaged = ks.engaged();
    if (ks.engaged() && !was && !halted()) {
      HaltState halt = new HaltState(true, ks.reason(), device(ks), clock.millis(), "ledger");
      persist(halt);
      audit.append(halt.by(), AuditAction.HALTED, "node", "ledger kill-switch: " + ks.reason());
      events.halted(halt);
    } else if (!ks.engaged() && was && halted()) {
      lift("ledger resume by " + device(ks));
    }
  }

  private void lift(String actor) {
    persist(HaltState.RUNNING);
    audit.append(actor, AuditAction.RESUMED, "node", "");
    events.resumed();
  }

  private void checkPhrase(String phrase, String actor) {
    String hash =
        store
            .setting(PHRASE)
            .orElseThrow(
                () ->
                    new AuthException(
                        Kind.CONFLICT,
                        "no kill phrase is set; the creator sets one first (kiana killswitch"
                            + " set-phrase)"));
    long wait = throttle.waitSeconds(THROTTLE_KEY);
    if (wait > 0) {
      audit.append(actor, AuditAction.KILL_PHRASE_WRONG, "kill-switch", "locked, " + wait + " s");
      throw new AuthException(Kind.LOCKED, "too many wrong kill phrases; retry later", wait);
    }
    if (phrase == null
        || phrase.length() > PasswordHasher.MAX_PASSWORD_CHARS
        || !PasswordHasher.matches(phrase, hash)) {
      int n = throttle.failed(THROTTLE_KEY);
      audit.append(actor, AuditAction.KILL_PHRASE_WRONG, "kill-switch", "failure " + n);
      throw new AuthException(Kind.UNAUTHORIZED, "wrong kill phrase");
    }
    throttle.succeeded(THROTTLE_KEY);
  }

  /**
   * The database first, then memory, so {@link #refresh} never sees them disagree the wrong way.
   */
  private void persist(HaltState s) {
    if (s.halted()) {
      store.putSetting(HALT, s.toJson().toString());
    } else {
      store.removeSetting(HALT);
    }
    state = s;
  }

  private static String device(KillSwitchState ks) {
    return ks.by() == null ? "unknown" : "device " + ks.by().display();
  }
}
