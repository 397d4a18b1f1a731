package ai.kiana.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What a long-running command ({@code kiana start}) waits for before it shuts down. In the real
 * program that is SIGINT or SIGTERM; tests stop it by hand.
 */
interface StopSignal {

  /** Blocks until the command should stop. */
  void await() throws InterruptedException;

  /** Tells whoever asked for the stop that everything is closed. */
  void stopped();

  /**
   * SIGINT/SIGTERM through a JVM shutdown hook. The hook waits (up to {@link #DEFAULT_GRACE}) until
   * the command has closed the server and the store, because the JVM halts once its hooks return.
   */
  final class Jvm implements StopSignal {

    static final Duration DEFAULT_GRACE = Duration.ofSeconds(15);

    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);

    @Override
    public void await() throws InterruptedException {
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    stop.countDown();
                    try {
                      stopped.await(DEFAULT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  },
                  "kiana-shutdown"));
      stop.await();
    }

    @Override
    public void stopped() {
      stopped.countDown();
    }
  }
}
