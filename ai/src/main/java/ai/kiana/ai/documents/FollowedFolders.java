package ai.kiana.ai.documents;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The folders a node follows, one absolute path a line in a file of the data directory. Re-read on
 * every call, so a {@code kiana follow} in another process reaches the running node's watcher.
 */
public final class FollowedFolders {

  private final Path file;

  public FollowedFolders(Path file) {
    this.file = file;
  }

  public synchronized List<Path> list() {
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    try {
      List<Path> out = new ArrayList<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          out.add(Path.of(line.strip()));
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * Adds a folder (stored absolute); false if it was followed already.
   *
   * @throws DocumentException if it is not a folder
   */
  public synchronized boolean add(Path folder) {
    Path abs = folder.toAbsolutePath().normalize();
    if (!Files.isDirectory(abs)) {
      throw new DocumentException(DocumentException.Kind.BAD_NAME, abs + " is not a folder");
    }
    Set<Path> all = new LinkedHashSet<>(list());
    boolean added = all.add(abs);
    write(all);
    return added;
  }

  /** Stops following a folder (its documents stay); false if it was not followed. */
  public synchronized boolean remove(Path folder) {
    Set<Path> all = new LinkedHashSet<>(list());
    boolean removed = all.remove(folder.toAbsolutePath().normalize());
    write(all);
    return removed;
  }

  private void write(Set<Path> folders) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.write(tmp, folders.stream().map(Path::toString).toList(), StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
