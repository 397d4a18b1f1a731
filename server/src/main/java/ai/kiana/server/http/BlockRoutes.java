package ai.kiana.server.http;

import ai.kiana.core.block.BlockCodec;
import ai.kiana.core.block.BlockDraft;
import ai.kiana.core.block.BlockId;
import ai.kiana.core.block.BlockNotFoundException;
import ai.kiana.core.block.BlockPage;
import ai.kiana.core.block.BlockQuery;
import ai.kiana.core.block.BlockView;
import ai.kiana.core.block.ImportReport;
import ai.kiana.core.block.InvalidBlockException;
import ai.kiana.core.block.KnowledgeBase;
import ai.kiana.core.block.KnowledgeBlock;
import ai.kiana.core.block.Scope;
import ai.kiana.server.access.Permission;
import ai.kiana.server.access.ScopeAccess;
import com.fasterxml.jackson.databind.JsonNode;
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
    ScopeAccess access = ScopeAccess.of(ctx);
    JsonNode body = Exchange.jsonBody(ctx);
    BlockDraft draft = BlockDraftReader.read(body, access.home(Scope.PRIVATE));
    access.requireWrite(draft.scope());
    // Editing a block is writing into its scope too, so a sensor cannot bury others' knowledge.
    for (BlockId target : draft.supersedes()) {
      Scope targetScope;
      try {
        targetScope = knowledge.view(target).block().scope();
      } catch (BlockNotFoundException e) {
        continue; // knowledge.add names the missing block
      }
      access.requireWrite(targetScope);
    }
    KnowledgeBlock block = knowledge.add(draft);
    ctx.header(Header.LOCATION, BLOCKS + "/" + block.id().hex());
    Exchange.json(ctx, 201, BlockJson.view(knowledge.view(block.id())));
  }

  /** JSON Lines of signed blocks; 200 with the report, or 422 with it if any line was rejected. */
  private void importLines(Context ctx) {
    boolean skipInvalid =
        QueryParams.parse(ctx.queryString(), Set.of("skipInvalid")).bool("skipInvalid", false);
    Exchange.requireContentType(ctx, IMPORT_TYPES);
    String body = Exchange.utf8Body(ctx);
    requireWritable(ScopeAccess.of(ctx), body);
    ImportReport report =
        knowledge.importJsonLines(new BufferedReader(new StringReader(body)), skipInvalid);
    Exchange.json(ctx, report.ok() ? 200 : 422, BlockJson.importReport(report));
  }

  private void list(Context ctx) {
    QueryParams params = QueryParams.parse(ctx.queryString(), BlockListQuery.PARAMETERS);
    BlockQuery query = BlockListQuery.parse(params);
    ScopeAccess access = ScopeAccess.of(ctx);
    if (access.readable().isEmpty()) {
      Exchange.json(ctx, 200, BlockJson.page(new BlockPage(List.of(), null)));
      return;
    }
    query = access.readsAll() ? query : query.withScopes(access.readable());
    Exchange.json(ctx, 200, BlockJson.page(knowledge.list(query)));
  }

  private void get(Context ctx) {
    QueryParams.parse(ctx.queryString(), Set.of());
    BlockView view = knowledge.view(pathId(ctx));
    ScopeAccess.of(ctx).requireRead(view.block());
    Exchange.json(ctx, 200, BlockJson.view(view));
  }

  /** Stores a signed retraction of the block; 200 with the retraction block. */
  private void retract(Context ctx) {
    String reason = QueryParams.parse(ctx.queryString(), Set.of("reason")).single("reason");
    BlockId id = pathId(ctx);
    ScopeAccess access = ScopeAccess.of(ctx);
    KnowledgeBlock target = knowledge.view(id).block();
    if (!access.canRead(target.scope()) && !access.canWrite(target.scope())) {
      throw new BlockNotFoundException(id);
    }
    access.requireWrite(target.scope());
    KnowledgeBlock retraction = knowledge.retract(id, reason);
    Exchange.json(ctx, 200, BlockCodec.toNode(retraction));
  }

  /**
   * A caller limited to some scopes imports only blocks of those; lines that do not parse are left
   * to the import's own report.
   */
  private static void requireWritable(ScopeAccess access, String body) {
    if (access.writable().size() == Scope.values().length) {
      return;
    }
    for (String line : body.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      try {
        access.requireWrite(BlockCodec.fromJson(line).scope());
      } catch (InvalidBlockException | ai.kiana.core.json.JsonFormatException e) {
        // reported per line by the import
      }
    }
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
