package ai.kiana.store.sql;

import ai.kiana.core.block.StoreException;
import ai.kiana.store.StoreConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * SQLite in WAL mode. SQLite allows one writer at a time, so all writes go through one connection
 * guarded by a lock: they queue in this JVM instead of meeting SQLITE_BUSY. Reads use their own
 * connections, which WAL lets run beside the writer; idle ones are kept for reuse, and when all are
 * busy a new one is opened rather than waiting, so a read nested in a long {@code forEach} can
 * never deadlock. {@code busy_timeout} covers other processes that open the same file.
 *
 * <p>Sized for bulk writes of ~2.4 KB rows (canonical JSON plus search text) with a random SHA-256
 * key: a new database gets 16 KB pages, so several rows share a page where a 4 KB page held one,
 * and B-trees are shallower; connections get a page cache large enough to keep the hot index pages
 * instead of re-reading them for every insert. Durability is unchanged: WAL with {@code
 * synchronous=NORMAL}. See bench/README.md for the measurements.
 */
final class SqliteDatabase implements Database {

  static final int DEFAULT_BUSY_TIMEOUT_MS = 5000;
  static final int DEFAULT_IDLE_READERS = 4;

  /**
   * Page size of a new database file. SQLite fixes it when it first writes the file; an existing
   * file keeps the size it was made with (changing it would need a VACUUM outside WAL mode).
   */
  static final int NEW_DATABASE_PAGE_SIZE = 16384;

  /** Page cache of the writer connection, in KiB: the inserts' working set of index pages. */
  static final int WRITER_CACHE_KIB = 64 * 1024;

  /** Page cache of each reader connection, in KiB; up to {@link #DEFAULT_IDLE_READERS} are kept. */
  static final int READER_CACHE_KIB = 16 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(SqliteDatabase.class);

  private final Dialect dialect;
  private final Path file;
  private final SQLiteDataSource writerSource;
  private final SQLiteDataSource readerSource;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final BlockingQueue<Connection> idleReaders =
      new ArrayBlockingQueue<>(DEFAULT_IDLE_READERS);
  private Connection writer;
  private volatile boolean closed;

  private SqliteDatabase(Dialect dialect, Path file, String url) {
    this.dialect = dialect;
    this.file = file;
    this.writerSource = source(url, SQLiteConfig.TransactionMode.IMMEDIATE, WRITER_CACHE_KIB);
    this.readerSource = source(url, SQLiteConfig.TransactionMode.DEFERRED, READER_CACHE_KIB);
  }

  static SqliteDatabase open(Dialect dialect, StoreConfig config) {
    Path file = Path.of(config.sqliteFile()).toAbsolutePath();
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
    } catch (IOException e) {
      throw new StoreException(
          "cannot create the folder " + file.getParent() + " for the database: " + e, e);
    }
    SqliteDatabase db = new SqliteDatabase(dialect, file, config.jdbcUrl());
    db.writeLock.lock();
    try {
      db.writer(); // fail now, not at the first write, if the file cannot be opened
    } catch (SQLException e) {
      throw new StoreException(
          "cannot open the SQLite database "
              + file
              + ": "
              + e.getMessage()
              + "; check that the folder is writable and no other program holds the file",
          e);
    } finally {
      db.writeLock.unlock();
    }
    return db;
  }

  /**
   * Settings every connection gets. WAL mode is not among them: it is a property of the file, and
   * {@link #initialiseFile} sets it on the first connection, after the page size.
   */
  private static SQLiteDataSource source(
      String url, SQLiteConfig.TransactionMode mode, int cacheKib) {
    SQLiteConfig config = new SQLiteConfig();
    // NORMAL in WAL mode: a commit survives a crash of the program; only a power loss may undo the
    // last commits, and never corrupts the file.
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout(DEFAULT_BUSY_TIMEOUT_MS);
    config.enforceForeignKeys(true);
    // IMMEDIATE takes the write lock at BEGIN, so a write transaction never fails halfway through
    // because another process started writing; readers must not take it, hence DEFERRED for them.
    config.setTransactionMode(mode);
    config.setCacheSize(-cacheKib); // negative: KiB rather than pages
    // Sorts and temporary B-trees (e.g. ORDER BY without an index) stay in memory.
    config.setTempStore(SQLiteConfig.TempStore.MEMORY);
    SQLiteDataSource source = new SQLiteDataSource(config);
    source.setUrl(url);
    return source;
  }

  @Override
  public <T> T write(SqlWork<T> work) throws SQLException {
    writeLock.lock();
    try {
      return Database.inTransaction(writer(), work);
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public <T> T read(SqlWork<T> work) throws SQLException {
    return withReader(work);
  }

  @Override
  public <T> T snapshot(SqlWork<T> work) throws SQLException {
    // In WAL mode a read transaction sees the database as of its first read until it ends.
    return withReader(c -> Database.inTransaction(c, work));
  }

  @Override
  public long sizeBytes() {
    try {
      Path wal = Path.of(file + "-wal");
      return Files.size(file) + (Files.exists(wal) ? Files.size(wal) : 0);
    } catch (IOException e) {
      return -1;
    }
  }

  @Override
  public Dialect dialect() {
    return dialect;
  }

  @Override
  public String description() {
    return "sqlite " + file;
  }

  @Override
  public DataSource dataSource() {
    return writerSource;
  }

  /** The database file; its WAL sits beside it with the suffix {@code -wal}. */
  Path file() {
    return file;
  }

  @Override
  public void close() {
    closed = true;
    writeLock.lock();
    try {
      discard(writer);
      writer = null;
    } finally {
      writeLock.unlock();
    }
    for (Connection c = idleReaders.poll(); c != null; c = idleReaders.poll()) {
      discard(c);
    }
  }

  // Called with writeLock held. Reopens a writer that broke, so one failure is not permanent.
  private Connection writer() throws SQLException {
    ensureOpen();
    if (writer == null || writer.isClosed()) {
      Connection c = writerSource.getConnection();
      try {
        initialiseFile(c);
      } catch (SQLException | RuntimeException e) {
        discard(c);
        throw e;
      }
      writer = c;
    }
    return writer;
  }

  /**
   * Sets the page size, then WAL mode. On a new, empty file the WAL switch writes the file header,
   * which fixes the page size before any table exists; this runs on the writer, which {@link #open}
   * opens before the migrations connect. On an existing file the page size pragma changes nothing,
   * and the file stays in (or is switched to) WAL mode.
   */
  private static void initialiseFile(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA page_size = " + NEW_DATABASE_PAGE_SIZE);
      try (ResultSet rs = s.executeQuery("PRAGMA journal_mode = WAL")) {
        String mode = rs.next() ? rs.getString(1) : "unknown";
        if (!"wal".equalsIgnoreCase(mode)) {
          throw new SQLException(
              "cannot switch the database to WAL mode (it stays in " + mode + " mode)");
        }
      }
    }
  }

  private <T> T withReader(SqlWork<T> work) throws SQLException {
    ensureOpen();
    Connection c = idleReaders.poll();
    if (c == null) {
      c = readerSource.getConnection();
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA query_only = ON"); // a read path that tried to write would be a bug
      }
    }
    boolean reusable = false;
    try {
      T result = work.run(c);
      reusable = true;
      return result;
    } catch (RuntimeException e) {
      reusable = true; // the caller's own failure; the connection itself is fine
      throw e;
    } finally {
      if (reusable && !closed && isIdle(c) && idleReaders.offer(c)) {
        c = null;
      }
      discard(c);
    }
  }

  private static boolean isIdle(Connection c) {
    try {
      return !c.isClosed() && c.getAutoCommit();
    } catch (SQLException e) {
      return false;
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new StoreException("the block store " + description() + " is closed");
    }
  }

  private static void discard(Connection c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (SQLException e) {
      // Nothing depends on this connection any more; the database stays consistent either way.
      LOG.debug("closing an SQLite connection failed", e);
    }
  }
}
