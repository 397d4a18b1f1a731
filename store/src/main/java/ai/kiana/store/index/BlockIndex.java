package ai.kiana.store.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.BytesRef;

/**
 * The Lucene index of searchable blocks: BM25 over language-analysed text and HNSW over unit
 * vectors. Derived data: everything in it can be rebuilt from the block store.
 *
 * <p>Every block the node has seen has exactly one document, keyed by id: a searchable one for live
 * blocks with text, an empty "marker" for anything else (superseded, retracted, retractions, chat
 * turns). So the number of documents equals the number of stored blocks when the index is complete,
 * which is how a node finds out at open that it fell behind. Writes are visible to searches at
 * once; {@link #commit} makes them durable with the given user data.
 */
public final class BlockIndex implements AutoCloseable {

  static final String ID = "id";

  /**
   * The id again as a doc value, read for every search hit: a stored field decompresses a block of
   * documents per hit, a doc value is a direct read (RetrievalBench). Documents written before it
   * existed have none and are read from the stored field.
   */
  static final String ID_VALUE = "id_value";

  static final String KIND = "kind";
  static final String SOURCE = "source";
  static final String SHA = "sha";
  static final String HAS_SOURCE = "has_source";
  static final String VECTOR = "vec";
  static final String TEXT_KIND = "text";
  static final String MARKER_KIND = "marker";

  /** Search at most this many analysed question terms per field (Lucene caps clauses at 1024). */
  public static final int MAX_QUERY_TERMS = 200;

  private final FSDirectory dir;
  private final IndexWriter writer;
  private final SearcherManager searchers;

  private BlockIndex(FSDirectory dir, IndexWriter writer) throws IOException {
    this.dir = dir;
    this.writer = writer;
    this.searchers = new SearcherManager(writer, null);
  }

  /**
   * Opens (or creates) the index in {@code path}. A damaged index is thrown away and started empty:
   * it is derived data, the caller rebuilds it from the store.
   */
  public static BlockIndex open(Path path) {
    try {
      Files.createDirectories(path);
      FSDirectory dir = FSDirectory.open(path);
      try {
        return new BlockIndex(dir, writer(dir, IndexWriterConfig.OpenMode.CREATE_OR_APPEND));
      } catch (LockObtainFailedException busy) {
        dir.close();
        throw new IndexException(
            "the search index in " + path + " is in use by another KI_ana process", busy);
      } catch (IOException | RuntimeException damaged) {
        // Unreadable files: derived data, so start empty (the caller rebuilds from the store).
        dir.close();
        try (var files = Files.list(path)) {
          for (Path f : files.filter(Files::isRegularFile).toList()) {
            Files.delete(f);
          }
        }
        FSDirectory fresh = FSDirectory.open(path);
        return new BlockIndex(fresh, writer(fresh, IndexWriterConfig.OpenMode.CREATE));
      }
    } catch (IOException e) {
      throw new IndexException("cannot open the search index in " + path, e);
    }
  }

  private static IndexWriter writer(FSDirectory dir, IndexWriterConfig.OpenMode mode)
      throws IOException {
    IndexWriterConfig config = new IndexWriterConfig(LanguageFields.perField());
    config.setOpenMode(mode);
    config.setRAMBufferSizeMB(64);
    return new IndexWriter(dir, config);
  }

  /** Adds or replaces the documents of these blocks. */
  public void put(Collection<IndexEntry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    try {
      for (IndexEntry e : entries) {
        Document doc = new Document();
        doc.add(new StringField(ID, e.id(), Field.Store.YES));
        doc.add(new BinaryDocValuesField(ID_VALUE, new BytesRef(e.id())));
        doc.add(new StringField(KIND, TEXT_KIND, Field.Store.NO));
        doc.add(new TextField(LanguageFields.fieldFor(e.lang()), e.text(), Field.Store.NO));
        doc.add(new KnnFloatVectorField(VECTOR, e.vector(), VectorSimilarityFunction.DOT_PRODUCT));
        if (e.sourceUri() != null) {
          doc.add(new StringField(SOURCE, e.sourceUri(), Field.Store.YES));
          doc.add(new StringField(HAS_SOURCE, "1", Field.Store.NO));
          if (e.sourceSha256() != null) {
            doc.add(new StoredField(SHA, e.sourceSha256()));
          }
        }
        writer.updateDocument(new Term(ID, e.id()), doc);
      }
      searchers.maybeRefreshBlocking();
    } catch (IOException e) {
      throw new IndexException("writing the search index failed", e);
    }
  }

  /**
   * Records blocks that must never be found (or no longer): replaces their documents by markers.
   */
  public void putMarkers(Collection<String> ids) {
    putMarkers(ids, true);
  }

  /**
   * As {@link #putMarkers(Collection)}; without {@code visible} searchers (and {@link #size},
   * {@link #contains}) see them only with the next write that is, or the next commit. For markers
   * of new blocks no search could find anyway (chat turns): refreshing writes a tiny segment per
   * call.
   */
  public void putMarkers(Collection<String> ids, boolean visible) {
    if (ids.isEmpty()) {
      return;
    }
    try {
      for (String id : ids) {
        Document doc = new Document();
        doc.add(new StringField(ID, id, Field.Store.YES));
        doc.add(new StringField(KIND, MARKER_KIND, Field.Store.NO));
        writer.updateDocument(new Term(ID, id), doc);
      }
      if (visible) {
        searchers.maybeRefreshBlocking();
      }
    } catch (IOException e) {
      throw new IndexException("writing the search index failed", e);
    }
  }

  /** Whether the index has a document (searchable or marker) for this block. */
  public boolean contains(String id) {
    return count(new TermQuery(new Term(ID, id))) > 0;
  }

  /** Documents of any kind: equals the store's block count when the index is complete. */
  public long size() {
    return count(new MatchAllDocsQuery());
  }

  /**
   * BM25's inverse document frequency of each analysed term in {@code field}: high for rare terms,
   * highest for terms no document has. Weighs how much a missing question word matters.
   */
  public Map<String, Double> idf(String field, Collection<String> terms) {
    return read(
        s -> {
          long n = s.getIndexReader().numDocs();
          Map<String, Double> out = new HashMap<>();
          for (String t : terms) {
            int df = s.getIndexReader().docFreq(new Term(field, t));
            out.put(t, Math.log(1 + (n - df + 0.5) / (df + 0.5)));
          }
          return out;
        });
  }

  /** Documents of any kind, as {@link #idf} counts them. */
  public long numDocs() {
    return read(s -> s.getIndexReader().numDocs());
  }

  /** Searchable (live, text-bearing) documents. */
  public long searchable() {
    return count(new TermQuery(new Term(KIND, TEXT_KIND)));
  }

  /** Best BM25 matches of the question's terms in every language field. */
  public List<IndexHit> bm25(String question, int n) {
    BooleanQuery.Builder q = new BooleanQuery.Builder();
    int clauses = 0;
    for (String field : LanguageFields.fields()) {
      for (String term : Terms.of(field, question, MAX_QUERY_TERMS)) {
        q.add(new TermQuery(new Term(field, term)), BooleanClause.Occur.SHOULD);
        clauses++;
      }
    }
    return clauses == 0 ? List.of() : search(q.build(), n);
  }

  /**
   * Nearest neighbours by HNSW. {@code candidates} (>= n) is how many the graph search collects
   * before the best n are kept: more costs a little time and buys recall.
   */
  public List<IndexHit> knn(float[] vector, int n, int candidates) {
    List<IndexHit> hits =
        search(new KnnFloatVectorQuery(VECTOR, vector, Math.max(n, candidates)), n);
    // Lucene's DOT_PRODUCT score is (1 + cos) / 2; callers want the cosine.
    return hits.stream().map(h -> new IndexHit(h.id(), 2 * h.score() - 1)).toList();
  }

  private List<IndexHit> search(Query query, int n) {
    return read(
        "searching the index failed",
        s -> {
          ScoreDoc[] hits = s.search(query, n).scoreDocs;
          String[] ids = HitIds.of(s, hits);
          List<IndexHit> out = new ArrayList<>(hits.length);
          for (int i = 0; i < hits.length; i++) {
            out.add(new IndexHit(ids[i], hits[i].score));
          }
          return out;
        });
  }

  /** Ids of the searchable chunks of one source document. */
  public List<String> idsForSource(String uri) {
    return search(new TermQuery(new Term(SOURCE, uri)), Integer.MAX_VALUE / 2).stream()
        .map(IndexHit::id)
        .toList();
  }

  /** The SHA-256 recorded for a source document's live chunks, or null if it has none. */
  public String shaOfSource(String uri) {
    return read(
        s -> {
          TopDocs top = s.search(new TermQuery(new Term(SOURCE, uri)), 1);
          if (top.scoreDocs.length == 0) {
            return null;
          }
          return s.storedFields().document(top.scoreDocs[0].doc, Set.of(SHA)).get(SHA);
        });
  }

  /** Every source document with searchable chunks: uri → sha256 (null if unknown). */
  public Map<String, String> sources() {
    return read(
        s -> {
          Map<String, String> out = new HashMap<>();
          Query q = new TermQuery(new Term(HAS_SOURCE, "1"));
          TopDocs top = s.search(q, Math.max(1, s.getIndexReader().numDocs()));
          StoredFields stored = s.storedFields();
          for (ScoreDoc d : top.scoreDocs) {
            Document doc = stored.document(d.doc, Set.of(SOURCE, SHA));
            if (doc.get(SOURCE) != null) {
              out.put(doc.get(SOURCE), doc.get(SHA));
            }
          }
          return out;
        });
  }

  /** A search that may fail with an I/O error on the index files. */
  private interface Reading<T> {
    T on(IndexSearcher s) throws IOException;
  }

  private <T> T read(Reading<T> reading) {
    return read("reading the index failed", reading);
  }

  /** Runs {@code reading} on the current searcher; an I/O failure is reported as {@code what}. */
  private <T> T read(String what, Reading<T> reading) {
    try {
      IndexSearcher s = searchers.acquire();
      try {
        return reading.on(s);
      } finally {
        searchers.release(s);
      }
    } catch (IOException e) {
      throw new IndexException(what, e);
    }
  }

  private long count(Query q) {
    return read(s -> s.count(q));
  }

  /** Makes every write so far durable, with {@code userData} (e.g. the embedding model id). */
  public synchronized void commit(Map<String, String> userData) {
    try {
      writer.setLiveCommitData(userData.entrySet());
      writer.commit();
      searchers.maybeRefreshBlocking(); // markers put without a refresh become visible now
    } catch (IOException e) {
      throw new IndexException("committing the search index failed", e);
    }
  }

  /** The user data of the last commit (empty for a new index). */
  public Map<String, String> committedData() {
    try {
      if (!DirectoryReader.indexExists(dir)) {
        return Map.of();
      }
      Map<String, String> out = new HashMap<>();
      for (Map.Entry<String, String> e : writer.getLiveCommitData()) {
        out.put(e.getKey(), e.getValue());
      }
      return out;
    } catch (IOException e) {
      throw new IndexException("reading the index failed", e);
    }
  }

  /**
   * Merges the index into one segment and commits: a query then walks one HNSW graph and one term
   * dictionary instead of one per segment (several times faster after a bulk load; see
   * RetrievalBench). Worth it after a rebuild or a large import, not after every write.
   */
  public synchronized void forceMerge(Map<String, String> userData) {
    try {
      writer.forceMerge(1);
      searchers.maybeRefreshBlocking();
      commit(userData);
    } catch (IOException e) {
      throw new IndexException("merging the search index failed", e);
    }
  }

  /** Segments in the index as searches see it (1 after {@link #forceMerge}). */
  public int segments() {
    return read(s -> s.getIndexReader().leaves().size());
  }

  /** Removes every document (before a rebuild). */
  public void clear() {
    try {
      writer.deleteAll();
      searchers.maybeRefreshBlocking();
    } catch (IOException e) {
      throw new IndexException("clearing the search index failed", e);
    }
  }

  /** Waits for a commit in progress (the search index commits on a thread of its own). */
  @Override
  public synchronized void close() {
    try {
      searchers.close();
      writer.close();
      dir.close();
    } catch (IOException e) {
      throw new IndexException("closing the search index failed", e);
    }
  }
}
