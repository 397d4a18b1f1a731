package ai.kiana.ai.documents;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.ai.embedding.OnnxEmbedder;
import ai.kiana.ai.retrieval.HybridRetriever;
import ai.kiana.ai.retrieval.KnowledgeIndex;
import ai.kiana.core.block.BlockVerifier;
import ai.kiana.core.block.KnowledgeBase;
import ai.kiana.core.crypto.Ed25519Engines;
import ai.kiana.store.index.BlockIndex;
import ai.kiana.testkit.InMemoryBlockStore;
import ai.kiana.testkit.TestBlocks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderWatcherTest {

  @TempDir Path dir;
  KnowledgeIndex index;
  FolderWatcher watcher;
  HybridRetriever retriever;
  Path folder;

  @BeforeEach
  void open() throws Exception {
    InMemoryBlockStore store = new InMemoryBlockStore();
    KnowledgeBase kb =
        new KnowledgeBase(
            store, new TestBlocks().author(), new BlockVerifier(Ed25519Engines.fastest()));
    index =
        new KnowledgeIndex(store, BlockIndex.open(dir.resolve("index")), OnnxEmbedder.bundled());
    kb.addListener(index);
    retriever = new HybridRetriever(index);
    DocumentImporter importer = new DocumentImporter(kb, index.index(), Chunker.defaults());
    FollowedFolders followed = new FollowedFolders(dir.resolve("followed.txt"));
    folder = Files.createDirectories(dir.resolve("notes"));
    followed.add(folder);
    watcher = new FolderWatcher(importer, followed);
  }

  @AfterEach
  void close() {
    watcher.close();
    index.close();
  }

  String best(String q) {
    var p = retriever.retrieve(q, 1);
    return p.isEmpty() ? "" : p.get(0).block().content();
  }

  @Test
  void newChangedAndDeletedFilesAreFollowed() throws Exception {
    Path f = Files.writeString(folder.resolve("wifi.txt"), "The guest wifi is called Tulip.");
    assertThat(watcher.scan().count(ImportResult.Outcome.ADDED)).isEqualTo(1);
    assertThat(watcher.scan().imported()).isEmpty();

    Files.writeString(f, "The guest wifi is called Orchid.");
    Files.setLastModifiedTime(f, FileTime.from(Instant.now().plusSeconds(5)));
    assertThat(watcher.scan().count(ImportResult.Outcome.UPDATED)).isEqualTo(1);
    assertThat(best("guest wifi name")).contains("Orchid");

    Files.delete(f);
    assertThat(watcher.scan().count(ImportResult.Outcome.REMOVED)).isEqualTo(1);
    assertThat(retriever.retrieve("guest wifi name", 5)).isEmpty();
  }

  @Test
  void badFileIsReportedOnceAndUnsupportedFilesAreIgnored() throws Exception {
    Files.writeString(folder.resolve("scan.pdf"), "not a pdf");
    Files.writeString(folder.resolve("photo.jpg"), "JFIF");
    assertThat(watcher.scan().failed()).hasSize(1);
    assertThat(watcher.scan().failed()).isEmpty();
  }

  @Test
  void vanishedFolderIsSkippedNotEmptied() throws Exception {
    Files.writeString(folder.resolve("a.txt"), "The bike lock code is 4711.");
    watcher.scan();
    Path moved = dir.resolve("unmounted");
    Files.move(folder, moved);
    assertThat(watcher.scan().imported()).isEmpty();
    assertThat(best("bike lock code")).contains("4711");
  }
}
