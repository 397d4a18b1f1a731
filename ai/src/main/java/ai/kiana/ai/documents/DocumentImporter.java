package ai.kiana.ai.documents;

import ai.kiana.ai.text.Language;
import ai.kiana.core.block.BlockDraft;
import ai.kiana.core.block.BlockId;
import ai.kiana.core.block.BlockType;
import ai.kiana.core.block.InvalidBlockException;
import ai.kiana.core.block.KnowledgeBase;
import ai.kiana.core.block.Scope;
import ai.kiana.core.block.Source;
import ai.kiana.core.crypto.Sha256;
import ai.kiana.store.index.BlockIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Turns documents into chunk blocks: extracts the text, splits it with overlap, and stores every
 * chunk as its own block whose {@code source} names the original (URI + SHA-256 of its bytes). A
 * document seen before with other bytes gets new chunks that supersede the old ones; the same bytes
 * again change nothing. Each document is stored in one transaction, so a failure leaves no part of
 * it behind.
 */
public final class DocumentImporter {

  /** Larger files are refused: they are archives or media, not documents to read. */
  public static final long DEFAULT_MAX_FILE_BYTES = 64L * 1024 * 1024;

  static final int MAX_TITLE_CHARS = 400;
  static final int MAX_SUPERSEDES = 64;

  /** Told after each file of a folder import. */
  @FunctionalInterface
  public interface Progress {
    void update(int done, int total, String current);
  }

  private final KnowledgeBase knowledge;
  private final BlockIndex index;
  private final Chunker chunker;
  private final Runnable afterBulkImport;

  /** A folder import of at least this many chunks is a bulk import. */
  static final int BULK_CHUNKS = 1000;

  public DocumentImporter(KnowledgeBase knowledge, BlockIndex index, Chunker chunker) {
    this(knowledge, index, chunker, () -> {});
  }

  /**
   * @param afterBulkImport run after a folder import of {@value #BULK_CHUNKS} chunks or more (the
   *     node merges its search index then)
   */
  public DocumentImporter(
      KnowledgeBase knowledge, BlockIndex index, Chunker chunker, Runnable afterBulkImport) {
    this.knowledge = knowledge;
    this.index = index;
    this.chunker = chunker;
    this.afterBulkImport = afterBulkImport;
  }

  /** The source URI of a local file: its absolute, normalised {@code file:} URI. */
  public static String uriOf(Path file) {
    return file.toAbsolutePath().normalize().toUri().toString();
  }

  /**
   * Imports one file or every supported file under a folder (hidden files and folders skipped). A
   * file that fails is reported and the others are imported.
   *
   * @throws DocumentException if a single file given directly fails
   */
  public ImportResult importPath(Path path, Progress progress) {
    if (!Files.isDirectory(path)) {
      ImportResult.FileResult r = importFile(path);
      progress.update(1, 1, path.toString());
      return new ImportResult(List.of(r), List.of());
    }
    List<Path> files = filesUnder(path);
    List<ImportResult.FileResult> ok = new ArrayList<>();
    List<ImportResult.Failure> failed = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      Path f = files.get(i);
      try {
        ok.add(importFile(f));
      } catch (DocumentException | UncheckedIOException | InvalidBlockException e) {
        failed.add(new ImportResult.Failure(path.relativize(f).toString(), e.getMessage()));
      }
      progress.update(i + 1, files.size(), f.toString());
    }
    ImportResult result = new ImportResult(ok, failed);
    if (result.chunks() >= BULK_CHUNKS) {
      afterBulkImport.run();
    }
    return result;
  }

  /** Regular, non-hidden files under a folder, sorted, supported type or not. */
  public static List<Path> filesUnder(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> !hidden(dir.relativize(p)))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  private static boolean hidden(Path relative) {
    for (Path part : relative) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  /**
   * @throws DocumentException if the type is unsupported or the file unreadable or empty
   */
  public ImportResult.FileResult importFile(Path file) {
    DocumentType.require(file.getFileName().toString());
    try {
      if (Files.size(file) > DEFAULT_MAX_FILE_BYTES) {
        throw new DocumentException(
            DocumentException.Kind.UNREADABLE,
            file + ": larger than " + (DEFAULT_MAX_FILE_BYTES >> 20) + " MiB");
      }
      return importBytes(uriOf(file), file.getFileName().toString(), Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Imports a document given as bytes (an upload) under {@code uri}.
   *
   * @throws DocumentException if the type is unsupported or the bytes unreadable or without text
   */
  public synchronized ImportResult.FileResult importBytes(String uri, String name, byte[] bytes) {
    DocumentType type = DocumentType.require(name);
    String sha = HexFormat.of().formatHex(Sha256.digest(bytes));
    List<String> old = index.idsForSource(uri);
    if (!old.isEmpty() && sha.equals(index.shaOfSource(uri))) {
      return new ImportResult.FileResult(uri, ImportResult.Outcome.UNCHANGED, old.size());
    }
    ExtractedText doc = TextExtractor.extract(type, bytes, name);
    List<String> chunks = chunker.split(doc.text());
    if (chunks.isEmpty()) {
      throw new DocumentException(DocumentException.Kind.EMPTY, name + ": holds no text");
    }
    String title = doc.title().isEmpty() ? name : doc.title();
    if (title.length() > MAX_TITLE_CHARS) {
      title = title.substring(0, MAX_TITLE_CHARS);
    }
    String lang = Language.of(doc.text());
    Source source = new Source(uri, sha);
    List<BlockId> olds = old.stream().map(BlockId::parseStrict).toList();
    List<BlockDraft> drafts = new ArrayList<>();
    for (int i = 0; i < chunks.size(); i++) {
      int from = Math.min(olds.size(), i * MAX_SUPERSEDES);
      int to = Math.min(olds.size(), from + MAX_SUPERSEDES);
      drafts.add(
          new BlockDraft(
              BlockType.CHUNK,
              chunks.size() == 1 ? title : title + " (" + (i + 1) + "/" + chunks.size() + ")",
              chunks.get(i),
              lang,
              List.of(),
              source,
              olds.subList(from, to),
              Scope.PRIVATE));
    }
    // More old chunks than the new ones can supersede: retract the rest in the same transaction.
    int covered = chunks.size() * MAX_SUPERSEDES;
    drafts.addAll(retractions(olds.subList(Math.min(covered, olds.size()), olds.size()), uri));
    knowledge.addAll(drafts);
    return new ImportResult.FileResult(
        uri,
        old.isEmpty() ? ImportResult.Outcome.ADDED : ImportResult.Outcome.UPDATED,
        chunks.size());
  }

  /** Retracts every chunk of a document (it was deleted); 0 if it had none. */
  public synchronized int removeSource(String uri) {
    List<BlockId> ids = index.idsForSource(uri).stream().map(BlockId::parseStrict).toList();
    if (!ids.isEmpty()) {
      knowledge.addAll(retractions(ids, uri));
    }
    return ids.size();
  }

  /** Source URIs (with their SHA-256) of the documents that have live chunks. */
  public Map<String, String> sources() {
    return index.sources();
  }

  private static List<BlockDraft> retractions(List<BlockId> ids, String uri) {
    List<BlockDraft> out = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += MAX_SUPERSEDES) {
      out.add(
          new BlockDraft(
              BlockType.RETRACTION,
              "",
              "document removed or changed: " + uri,
              null,
              List.of(),
              null,
              ids.subList(from, Math.min(ids.size(), from + MAX_SUPERSEDES)),
              Scope.PRIVATE));
    }
    return out;
  }
}
