package ai.kiana.server.documents;

import ai.kiana.ai.documents.DocumentException;
import ai.kiana.ai.documents.DocumentImporter;
import ai.kiana.ai.documents.DocumentType;
import ai.kiana.ai.documents.ImportResult;
import ai.kiana.core.json.Json;
import ai.kiana.server.access.Caller;
import ai.kiana.server.access.Permission;
import ai.kiana.server.http.ApiException;
import ai.kiana.server.http.Exchange;
import ai.kiana.server.http.Route;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code POST /api/v1/documents} (multipart upload of one or more files in field {@code file}, or
 * JSON {@code {"path": "/abs/file-or-folder"}} on the node's own disk) starts an import job and
 * answers 202 with its id; {@code GET /api/v1/documents/jobs/{id}} reports its progress and result
 * to the account that started it, the creator and admins; to anyone else the job does not exist
 * (404, as for an unknown id, so job ids do not leak). Names and types are checked before the job
 * starts (400/415); damaged files are reported by the job, and the files that are fine are
 * imported.
 */
public final class DocumentRoutes {

  static final String DOCUMENTS = "/api/v1/documents";

  /** Longest accepted upload file name. */
  static final int MAX_NAME_CHARS = 255;

  private final DocumentImporter importer;
  private final ImportJobs jobs;

  public DocumentRoutes(DocumentImporter importer, ImportJobs jobs) {
    this.importer = importer;
    this.jobs = jobs;
  }

  public List<Route> routes() {
    return List.of(
        Route.post(DOCUMENTS, this::start).requires(Permission.IMPORT),
        Route.get(DOCUMENTS + "/jobs/{id}", this::status).requires(Permission.IMPORT));
  }

  private void start(Context ctx) {
    // Document chunks are stored private: a caller not granted that scope may not import.
    ai.kiana.server.access.ScopeAccess.of(ctx).requireWrite(ai.kiana.core.block.Scope.PRIVATE);
    String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
    long owner = Caller.of(ctx).accountId();
    ImportJob job;
    if (type.startsWith("multipart/form-data")) {
      job = startUploads(owner, ctx.uploadedFiles("file"));
    } else if (type.startsWith(Exchange.JSON)) {
      job = startPath(owner, Exchange.jsonBody(ctx));
    } else {
      throw new ApiException.UnsupportedMediaType(
          "send multipart/form-data with files in field 'file', or application/json {\"path\"}");
    }
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("job", job.id);
    ctx.header("Location", DOCUMENTS + "/jobs/" + job.id);
    Exchange.json(ctx, 202, body);
  }

  private ImportJob startUploads(long owner, List<UploadedFile> files) {
    if (files.isEmpty()) {
      throw ApiException.BadRequest.missingField("file");
    }
    record Upload(String name, byte[] bytes) {}
    List<Upload> uploads = new ArrayList<>();
    for (UploadedFile f : files) {
      String name = checkedName(f.filename());
      try (InputStream in = f.content()) {
        uploads.add(new Upload(name, in.readAllBytes()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return jobs.submit(
        owner,
        uploads.size(),
        job -> {
          List<ImportResult.FileResult> ok = new ArrayList<>();
          List<ImportResult.Failure> failed = new ArrayList<>();
          for (int i = 0; i < uploads.size(); i++) {
            Upload u = uploads.get(i);
            job.progress(i, uploads.size(), u.name());
            try {
              ok.add(importer.importBytes("upload:" + u.name(), u.name(), u.bytes()));
            } catch (DocumentException e) {
              failed.add(new ImportResult.Failure(u.name(), e.getMessage()));
            }
          }
          return new ImportResult(ok, failed);
        });
  }

  private ImportJob startPath(long owner, JsonNode body) {
    JsonNode p = body.path("path");
    if (!p.isTextual() || p.asText().isBlank()) {
      throw ApiException.BadRequest.missingField("path");
    }
    Path path = Path.of(p.asText());
    if (!path.isAbsolute()) {
      throw ApiException.BadRequest.field("path", "must be an absolute path on this node");
    }
    if (!Files.exists(path)) {
      throw new ApiException.NotFound("no_such_path", "no such file or folder: " + path);
    }
    if (!Files.isDirectory(path)) {
      requireSupported(path.getFileName().toString());
    }
    return jobs.submit(
        owner, Files.isDirectory(path) ? 0 : 1, job -> importer.importPath(path, job::progress));
  }

  /** An upload's name must be a plain file name: no folders, no "..", nothing invisible. */
  static String checkedName(String raw) {
    String name = raw == null ? "" : raw.strip();
    if (name.isEmpty()
        || name.length() > MAX_NAME_CHARS
        || name.contains("/")
        || name.contains("\\")
        || name.equals(".")
        || name.contains("..")
        || name.chars().anyMatch(Character::isISOControl)) {
      throw new ApiException.BadRequest(
          "invalid_file_name",
          "file name '"
              + name.replaceAll("\\p{Cntrl}", "?")
              + "' is not a plain file name (no folders, no '..', at most "
              + MAX_NAME_CHARS
              + " characters)",
          "file");
    }
    requireSupported(name);
    return name;
  }

  private static void requireSupported(String name) {
    if (DocumentType.of(name).isEmpty()) {
      throw new ApiException.UnsupportedMediaType(
          name + ": unsupported file type (supported: " + DocumentType.SUPPORTED + ")");
    }
  }

  private void status(Context ctx) {
    Caller caller = Caller.of(ctx);
    ImportJob.Snapshot s =
        jobs.find(ctx.pathParam("id"))
            .filter(job -> job.visibleTo(caller))
            .orElseThrow(
                () ->
                    new ApiException.NotFound(
                        "no_such_job", "no import job " + ctx.pathParam("id")))
            .snapshot();
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("job", s.id());
    body.put("state", s.state().name().toLowerCase(Locale.ROOT));
    body.put("done", s.done());
    body.put("total", s.total());
    body.put("current", s.current());
    ArrayNode imported = body.putArray("imported");
    for (ImportResult.FileResult f : s.imported()) {
      imported
          .addObject()
          .put("uri", f.uri())
          .put("outcome", f.outcome().name().toLowerCase(Locale.ROOT))
          .put("chunks", f.chunks());
    }
    ArrayNode failed = body.putArray("failed");
    for (ImportResult.Failure f : s.failed()) {
      failed.addObject().put("file", f.file()).put("reason", f.reason());
    }
    if (s.error() == null) {
      body.putNull("error");
    } else {
      body.put("error", s.error());
    }
    Exchange.json(ctx, 200, body);
  }
}
