package ai.kiana.server.node;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What the composition root has opened so far, closed in reverse order: on a failed start-up
 * everything already opened is closed, and on shutdown a part that fails to close does not keep the
 * parts opened before it from closing.
 */
final class Closer implements AutoCloseable {

  private final Deque<AutoCloseable> opened = new ArrayDeque<>();

  /** Registers a part to close later; returns it, so opening and registering is one line. */
  <T extends AutoCloseable> T add(T part) {
    opened.push(part);
    return part;
  }

  /** Closes everything, newest first; the first failure is thrown after all were tried. */
  @Override
  public void close() {
    RuntimeException failure = null;
    while (!opened.isEmpty()) {
      try {
        opened.pop().close();
      } catch (Exception e) {
        if (failure == null) {
          failure = e instanceof RuntimeException r ? r : new IllegalStateException(e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Closes everything after {@code cause} interrupted start-up, keeping {@code cause} primary. */
  void closeAfter(RuntimeException cause) {
    try {
      close();
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }
}
