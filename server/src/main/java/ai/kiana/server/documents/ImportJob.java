package ai.kiana.server.documents;

import ai.kiana.ai.documents.ImportResult;
import ai.kiana.core.ledger.Role;
import ai.kiana.server.access.Caller;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One document import the API runs in the background, as its status route reports it, and the
 * account that started it.
 */
final class ImportJob {

  enum State {
    QUEUED,
    RUNNING,
    DONE,
    FAILED
  }

  final String id;
  final Instant created;

  /** The account ID of the caller that started it (-1: nobody signed in). */
  final long owner;

  private State state = State.QUEUED;
  private int done;
  private int total;
  private String current = "";
  private final List<ImportResult.FileResult> imported = new ArrayList<>();
  private final List<ImportResult.Failure> failed = new ArrayList<>();
  private String error;

  ImportJob(String id, Instant created, long owner, int total) {
    this.id = id;
    this.created = created;
    this.owner = owner;
    this.total = total;
  }

  /**
   * Whether {@code caller} may see this job: the creator and admins see every job, anyone else only
   * the jobs it started. A job's report names the files it imported, which an account limited to
   * some scopes must not learn of when another account imported them.
   */
  boolean visibleTo(Caller caller) {
    if (caller.role() == Role.CREATOR || caller.role() == Role.ADMIN) {
      return true;
    }
    return caller.signedIn() && caller.accountId() == owner;
  }

  synchronized void running() {
    state = State.RUNNING;
  }

  synchronized void progress(int done, int total, String current) {
    this.done = done;
    this.total = total;
    this.current = current;
  }

  synchronized void finished(ImportResult result) {
    imported.addAll(result.imported());
    failed.addAll(result.failed());
    done = total;
    current = "";
    state = State.DONE;
  }

  synchronized void failed(String message) {
    error = message;
    state = State.FAILED;
  }

  /** A consistent copy for the status route. */
  synchronized Snapshot snapshot() {
    return new Snapshot(
        id, state, done, total, current, List.copyOf(imported), List.copyOf(failed), error);
  }

  record Snapshot(
      String id,
      State state,
      int done,
      int total,
      String current,
      List<ImportResult.FileResult> imported,
      List<ImportResult.Failure> failed,
      String error) {}
}
