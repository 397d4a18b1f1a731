package ai.kiana.cli;

import ai.kiana.server.node.DataDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The exclusive lock a running node holds on {@code <data-dir>/node.lock}, so that two nodes never
 * serve one data directory. The operating system drops it when the process dies, so a crash leaves
 * no stale lock; the file stays and names the PID of the last holder.
 */
final class NodeLock implements AutoCloseable {

  private final FileChannel channel;
  private final FileLock lock;

  private NodeLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * @throws CliException (exit 4) if another node holds the lock
   */
  static NodeLock acquire(Path dataDir) {
    DataDir.create(dataDir);
    Path file = DataDir.lockFile(dataDir);
    FileChannel channel = null;
    try {
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // held by this very JVM
      }
      if (lock == null) {
        String holder = holder(file);
        channel.close();
        throw CliException.data(
            "another KI_ana node is already running on "
                + dataDir
                + (holder.isEmpty() ? "" : " (pid " + holder + ")"),
            "stop it first, or start this one with another --data-dir");
      }
      channel.truncate(0);
      channel.write(
          ByteBuffer.wrap(
              (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)),
          0);
      channel.force(false);
      return new NodeLock(channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UncheckedIOException("cannot lock " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot release the node lock: " + e.getMessage(), e);
    }
  }

  private static String holder(Path file) {
    try {
      String pid = Files.readString(file, StandardCharsets.US_ASCII).strip();
      return pid.matches("\\d{1,10}") ? pid : "";
    } catch (IOException e) {
      return "";
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // Already failing; the original error is the one to report.
      }
    }
  }
}
