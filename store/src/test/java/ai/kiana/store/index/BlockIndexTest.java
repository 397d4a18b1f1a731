package ai.kiana.store.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockIndexTest {

  @TempDir Path dir;

  private static float[] unit(float x, float y) {
    float[] v = new float[4];
    double n = Math.sqrt(x * x + y * y);
    v[0] = (float) (x / n);
    v[1] = (float) (y / n);
    return v;
  }

  private static IndexEntry entry(String id, String text, float[] vector) {
    return new IndexEntry(id, "en", text, vector, null, null);
  }

  @Test
  void hitsNameTheirBlocksInScoreOrderAcrossSegments() {
    try (BlockIndex index = BlockIndex.open(dir)) {
      // One put per block: three segments, hits from each.
      index.put(List.of(entry("a1", "the rhine flows north", unit(1, 0))));
      index.put(List.of(entry("b2", "the rhine is a long river in europe", unit(1, 1))));
      index.put(List.of(entry("c3", "bread needs flour and water", unit(0, 1))));

      assertThat(index.knn(unit(1, 0.1f), 3, 10))
          .extracting(IndexHit::id)
          .containsExactly("a1", "b2", "c3");
      assertThat(index.knn(unit(0.1f, 1), 3, 10))
          .extracting(IndexHit::id)
          .containsExactly("c3", "b2", "a1");
      assertThat(index.bm25("flour", 5)).extracting(IndexHit::id).containsExactly("c3");
    }
  }

  @Test
  void documentsWrittenBeforeIdDocValuesAreStillFoundWithTheirIds() throws Exception {
    // A document as the first index format wrote it: the id only as an indexed, stored field.
    try (FSDirectory fs = FSDirectory.open(dir);
        IndexWriter w = new IndexWriter(fs, new IndexWriterConfig(LanguageFields.perField()))) {
      Document doc = new Document();
      doc.add(new StringField(BlockIndex.ID, "old1", Field.Store.YES));
      doc.add(new StringField(BlockIndex.KIND, BlockIndex.TEXT_KIND, Field.Store.NO));
      doc.add(new TextField(LanguageFields.EN, "the old rhine ferry", Field.Store.NO));
      doc.add(
          new KnnFloatVectorField(
              BlockIndex.VECTOR, unit(1, 0), VectorSimilarityFunction.DOT_PRODUCT));
      w.addDocument(doc);
      w.commit();
    }
    try (BlockIndex index = BlockIndex.open(dir)) {
      index.put(List.of(entry("new1", "the new rhine bridge", unit(1, 0.2f))));
      assertThat(index.bm25("rhine", 5)).extracting(IndexHit::id).contains("old1", "new1");
      assertThat(index.knn(unit(1, 0), 2, 10))
          .extracting(IndexHit::id)
          .containsExactly("old1", "new1");
      // Merged into one segment, in which only some documents have the doc value.
      index.forceMerge(Map.of());
      assertThat(index.segments()).isEqualTo(1);
      assertThat(index.knn(unit(1, 0), 2, 10))
          .extracting(IndexHit::id)
          .containsExactly("old1", "new1");
    }
  }
}
