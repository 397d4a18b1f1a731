package ai.kiana.store.index;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;

/** The block ids of search hits, read from the id doc value (see {@link BlockIndex#ID_VALUE}). */
final class HitIds {

  private HitIds() {}

  /**
   * The block ids of {@code hits}, in their order. Doc values are read per segment in ascending
   * document order (their iterators only move forward), so the hits are visited sorted by doc.
   */
  static String[] of(IndexSearcher s, ScoreDoc[] hits) throws IOException {
    long[] order = new long[hits.length]; // doc in the high half, position in the low
    for (int i = 0; i < hits.length; i++) {
      order[i] = ((long) hits[i].doc << 32) | i;
    }
    Arrays.sort(order);
    List<LeafReaderContext> leaves = s.getIndexReader().leaves();
    String[] ids = new String[hits.length];
    StoredFields stored = null;
    LeafReaderContext leaf = null;
    BinaryDocValues values = null;
    for (long o : order) {
      int i = (int) o;
      int doc = hits[i].doc;
      if (leaf == null || doc >= leaf.docBase + leaf.reader().maxDoc()) {
        leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
        values = leaf.reader().getBinaryDocValues(BlockIndex.ID_VALUE);
      }
      if (values != null && values.advanceExact(doc - leaf.docBase)) {
        ids[i] = values.binaryValue().utf8ToString();
      } else {
        stored = stored != null ? stored : s.storedFields();
        ids[i] = stored.document(doc, Set.of(BlockIndex.ID)).get(BlockIndex.ID);
      }
    }
    return ids;
  }
}
