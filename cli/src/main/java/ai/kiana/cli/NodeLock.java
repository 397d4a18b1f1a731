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

  /**
   * Writes the port the node's API listens on after its PID, so that commands in another terminal
   * find the running node even when it was started on a free port ({@code --port 0}).
   */
  void recordPort(int port) {
    try {
      channel.truncate(0);
      channel.write(
          ByteBuffer.wrap(
              (ProcessHandle.current().pid() + "\n" + port + "\n")
                  .getBytes(StandardCharsets.US_ASCII)),
          0);
      channel.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record the node's port: " + e.getMessage(), e);
    }
  }

  /**
   * Whether a node runs on {@code dataDir} (some process holds its lock), and the API port it
   * recorded: the port is 0 while that node is still starting or if it recorded none.
   */
  static java.util.OptionalInt runningPort(Path dataDir) {
    Path file = DataDir.lockFile(dataDir);
    if (!Files.isRegularFile(file)) {
      return java.util.OptionalInt.empty();
    }
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      try {
        FileLock probe = channel.tryLock();
        if (probe != null) {
          probe.release();
          return java.util.OptionalInt.empty();
        }
      } catch (OverlappingFileLockException e) {
        // held by this very JVM: a node runs in this process (tests)
      }
    } catch (IOException e) {
      return java.util.OptionalInt.empty(); // unreadable: treat as no node, open locally
    }
    String[] lines = contents(file).split("\n");
    return java.util.OptionalInt.of(
        lines.length > 1 && lines[1].strip().matches("\\d{1,5}")
            ? Integer.parseInt(lines[1].strip())
            : 0);
  }

  private static String holder(Path file) {
    String pid = contents(file).split("\n")[0].strip();
    return pid.matches("\\d{1,10}") ? pid : "";
  }

  private static String contents(Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
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
