package ai.kiana.server.http;

import ai.kiana.core.block.BlockCodec;
import ai.kiana.core.block.BlockId;
import ai.kiana.core.block.ImportReport;
import ai.kiana.core.block.InvalidBlockException;
import ai.kiana.core.block.KnowledgeBase;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.server.access.Permission;
import io.javalin.http.Context;
import io.javalin.http.Header;
import java.io.BufferedReader;
import java.io.StringReader;
import java.util.List;
import java.util.Set;

/**
 * Teaching, reading, importing and retracting knowledge blocks. All rules live in {@link
 * KnowledgeBase}.
 */
final class BlockRoutes {

  static final String BLOCKS = "/api/v1/blocks";
  static final Set<String> IMPORT_TYPES = Set.of("application/x-ndjson", "text/plain");

  private final KnowledgeBase knowledge;

  BlockRoutes(KnowledgeBase knowledge) {
    this.knowledge = knowledge;
  }

  List<Route> routes() {
    return List.of(
        Route.post(BLOCKS, this::create).requires(Permission.WRITE_KNOWLEDGE),
        Route.post(BLOCKS + "/import", this::importLines).requires(Permission.IMPORT),
        Route.get(BLOCKS, this::list).requires(Permission.READ_KNOWLEDGE),
        Route.get(BLOCKS + "/{id}", this::get).requires(Permission.READ_KNOWLEDGE),
        Route.delete(BLOCKS + "/{id}", this::retract).requires(Permission.WRITE_KNOWLEDGE));
  }

  /** Signs the draft in the body as this node; 201 with the new block's view. */
  private void create(Context ctx) {
    QueryParams.parse(ctx.queryString(), Set.of());
    KnowledgeBlock block = knowledge.add(BlockDraftReader.read(Exchange.jsonBody(ctx)));
    ctx.header(Header.LOCATION, BLOCKS + "/" + block.id().hex());
    Exchange.json(ctx, 201, BlockJson.view(knowledge.view(block.id())));
  }

  /** JSON Lines of signed blocks; 200 with the report, or 422 with it if any line was rejected. */
  private void importLines(Context ctx) {
    boolean skipInvalid =
        QueryParams.parse(ctx.queryString(), Set.of("skipInvalid")).bool("skipInvalid", false);
    Exchange.requireContentType(ctx, IMPORT_TYPES);
    String body = Exchange.utf8Body(ctx);
    ImportReport report =
        knowledge.importJsonLines(new BufferedReader(new StringReader(body)), skipInvalid);
    Exchange.json(ctx, report.ok() ? 200 : 422, BlockJson.importReport(report));
  }

  private void list(Context ctx) {
    QueryParams params = QueryParams.parse(ctx.queryString(), BlockListQuery.PARAMETERS);
    Exchange.json(ctx, 200, BlockJson.page(knowledge.list(BlockListQuery.parse(params))));
  }

  private void get(Context ctx) {
    QueryParams.parse(ctx.queryString(), Set.of());
    Exchange.json(ctx, 200, BlockJson.view(knowledge.view(pathId(ctx))));
  }

  /** Stores a signed retraction of the block; 200 with the retraction block. */
  private void retract(Context ctx) {
    String reason = QueryParams.parse(ctx.queryString(), Set.of("reason")).single("reason");
    KnowledgeBlock retraction = knowledge.retract(pathId(ctx), reason);
    Exchange.json(ctx, 200, BlockCodec.toNode(retraction));
  }

  private static BlockId pathId(Context ctx) {
    String raw;
    try {
      raw = ctx.pathParam("id");
    } catch (IllegalArgumentException e) {
      throw ApiException.BadRequest.parameter("id", "is not properly URL-encoded");
    }
    try {
      return BlockId.parse(raw);
    } catch (InvalidBlockException e) {
      throw ApiException.BadRequest.parameter("id", "not a block ID (64 hex characters)");
    }
  }
}
