package ai.kiana.server.documents;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.server.http.TestNode;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentApiTest {

  static final String BOUNDARY = "kiana-test-boundary";

  @TempDir Path dir;
  TestNode node;

  @BeforeEach
  void start() {
    node = TestNode.start(dir.resolve("node"));
  }

  @AfterEach
  void stop() {
    node.close();
  }

  TestNode.Reply upload(Map<String, String> files) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    files.forEach(
        (name, content) -> {
          String head =
              "--"
                  + BOUNDARY
                  + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                  + name
                  + "\"\r\nContent-Type: application/octet-stream\r\n\r\n";
          body.writeBytes(head.getBytes(StandardCharsets.UTF_8));
          body.writeBytes(content.getBytes(StandardCharsets.UTF_8));
          body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        });
    body.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return node.send(
        node.request("/api/v1/documents")
            .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
  }

  JsonNode finished(TestNode.Reply started) throws InterruptedException {
    assertThat(started.status()).as(started.body()).isEqualTo(202);
    String job = started.json().path("job").asText();
    for (int i = 0; i < 600; i++) {
      JsonNode s = node.get("/api/v1/documents/jobs/" + job).json();
      if (s.path("state").asText().equals("done") || s.path("state").asText().equals("failed")) {
        return s;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("job did not finish in 30 s");
  }

  @Test
  void uploadedDocumentsBecomeSearchableChunks() throws InterruptedException {
    JsonNode job =
        finished(
            upload(
                Map.of(
                    "boat.txt", "Our sailing boat is called Albatross and sleeps four.",
                    "herbs.md", "# Herbs\n\nBasil needs **warmth** and daily water.")));
    assertThat(job.path("state").asText()).isEqualTo("done");
    assertThat(job.path("imported")).hasSize(2);
    assertThat(job.path("failed")).isEmpty();
    assertThat(
            node.node.retriever().retrieve("What is the boat called?", 1).get(0).block().content())
        .contains("Albatross");
    assertThat(node.node.retriever().retrieve("basil", 1).get(0).block().source().uri())
        .isEqualTo("upload:herbs.md");
  }

  @Test
  void nameWithAFolderOrDotsIsRefused() {
    TestNode.Reply r = upload(Map.of("../../etc/evil.txt", "x"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().path("error").asText()).isEqualTo("invalid_file_name");
  }

  @Test
  void unsupportedTypeIsRefusedBeforeAnyJobStarts() {
    TestNode.Reply r = upload(Map.of("tool.exe", "MZ"));
    assertThat(r.status()).isEqualTo(415);
    assertThat(r.body()).contains("unsupported file type");
  }

  @Test
  void corruptPdfIsReportedAndTheGoodFileImported() throws InterruptedException {
    JsonNode job =
        finished(
            upload(Map.of("broken.pdf", "%PDF-1.4 garbage", "fine.txt", "Hedgehogs hibernate.")));
    assertThat(job.path("imported")).hasSize(1);
    assertThat(job.path("failed")).hasSize(1);
    assertThat(job.path("failed").get(0).path("file").asText()).isEqualTo("broken.pdf");
    assertThat(job.path("failed").get(0).path("reason").asText()).contains("not a readable PDF");
  }

  @Test
  void folderOnTheNodesDiskIsImportedByPath() throws Exception {
    Path docs = Files.createDirectories(dir.resolve("docs"));
    Files.writeString(docs.resolve("a.txt"), "The attic key hangs by the door.");
    Files.writeString(docs.resolve("b.html"), "<p>The cellar light switch is outside.</p>");
    JsonNode job =
        finished(
            node.postJson(
                "/api/v1/documents",
                "{\"path\":"
                    + com.fasterxml.jackson.databind.node.TextNode.valueOf(docs.toString())
                    + "}"));
    assertThat(job.path("imported")).hasSize(2);
    assertThat(job.path("total").asInt()).isEqualTo(2);
  }

  @Test
  void relativeOrMissingPathAndUnknownJobAreClientErrors() {
    assertThat(node.postJson("/api/v1/documents", "{\"path\":\"docs\"}").status()).isEqualTo(400);
    assertThat(node.postJson("/api/v1/documents", "{\"path\":\"/no/such/dir\"}").status())
        .isEqualTo(404);
    TestNode.Reply r = node.get("/api/v1/documents/jobs/nope");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.json().path("error").asText()).isEqualTo("no_such_job");
  }
}
