package ai.kiana.server.ledger;

import ai.kiana.core.ledger.LedgerBlock;
import ai.kiana.core.ledger.LedgerLimits;
import ai.kiana.core.ledger.Role;
import ai.kiana.core.ledger.TxType;
import ai.kiana.core.ledger.rules.RuleViolation;
import ai.kiana.core.ledger.rules.TxPermissions;
import ai.kiana.server.access.Caller;
import ai.kiana.server.access.Permission;
import ai.kiana.server.http.ApiException;
import ai.kiana.server.http.Exchange;
import ai.kiana.server.http.QueryParams;
import ai.kiana.server.http.Route;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The device ledger over HTTP: its blocks (newest first), the validators, the pending transactions,
 * and submitting a transaction, which this node signs as its own or takes signed.
 *
 * <p>Permissions: each route declares the permission it needs, and a submission also needs a caller
 * whose account role may issue the transaction's type (a resume: the creator only), since this node
 * signs intents with its own device key.
 */
public final class LedgerRoutes {

  public static final String LEDGER = "/api/v1/ledger";
  public static final int DEFAULT_PAGE = 20;
  public static final int MAX_PAGE = 100;

  private static final Pattern HEIGHT = Pattern.compile("[0-9]{1,16}");
  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

  private final LedgerService ledger;

  public LedgerRoutes(LedgerService ledger) {
    this.ledger = ledger;
  }

  public List<Route> routes() {
    return List.of(
        Route.get(LEDGER + "/blocks", this::list).requires(Permission.READ_LEDGER),
        Route.get(LEDGER + "/blocks/{ref}", this::get).requires(Permission.READ_LEDGER),
        Route.get(LEDGER + "/validators", this::validators).requires(Permission.READ_LEDGER),
        Route.get(LEDGER + "/pending", this::pending).requires(Permission.READ_LEDGER),
        Route.post(LEDGER + "/transactions", this::submit).requires(Permission.SUBMIT_LEDGER));
  }

  /**
   * The chosen chain newest first: {@code from} (a height, default the head) down, {@code limit}.
   */
  private void list(Context ctx) {
    QueryParams params = QueryParams.parse(ctx.queryString(), Set.of("from", "limit"));
    LedgerBlock head = ledger.head();
    long from =
        Math.min(
            head.height(), params.number("from", head.height(), 0, LedgerLimits.MAX_SAFE_INTEGER));
    int limit = (int) params.number("limit", DEFAULT_PAGE, 1, MAX_PAGE);
    long lowest = Math.max(0, from - limit + 1);
    List<LedgerBlock> blocks = new ArrayList<>(ledger.chain(lowest, (int) (from - lowest + 1)));
    Collections.reverse(blocks);
    Exchange.json(ctx, 200, LedgerViews.page(blocks, lowest > 0 ? lowest - 1 : null));
  }

  /** One block by hash (any fork this node validated) or by height (on the chosen chain). */
  private void get(Context ctx) {
    QueryParams.parse(ctx.queryString(), Set.of());
    String ref;
    try {
      ref = ctx.pathParam("ref");
    } catch (IllegalArgumentException e) {
      throw ApiException.BadRequest.parameter("ref", "is not properly URL-encoded");
    }
    LedgerBlock block;
    if (HEIGHT.matcher(ref).matches()) {
      long height = Long.parseLong(ref);
      block = ledger.chain(height, 1).stream().findFirst().orElse(null);
      if (block == null) {
        throw new ApiException.NotFound(
            "ledger_block_not_found",
            "no ledger block at height "
                + height
                + " (the head is at "
                + ledger.head().height()
                + ")");
      }
    } else if (HASH.matcher(ref).matches()) {
      block = ledger.block(ref);
      if (block == null) {
        throw new ApiException.NotFound("ledger_block_not_found", "no ledger block " + ref);
      }
    } else {
      throw ApiException.BadRequest.parameter(
          "ref", "not a ledger block hash (64 lowercase hex characters) or height");
    }
    Exchange.json(ctx, 200, LedgerViews.block(block, ledger.isCanonical(block.hash())));
  }

  private void validators(Context ctx) {
    QueryParams.parse(ctx.queryString(), Set.of());
    Exchange.json(ctx, 200, LedgerViews.validators(ledger.headState()));
  }

  private void pending(Context ctx) {
    QueryParams.parse(ctx.queryString(), Set.of());
    Exchange.json(ctx, 200, LedgerViews.pending(ledger.pending()));
  }

  /**
   * An intent {@code {type, …}} that this node signs as issuer with its next seq, or a transaction
   * signed elsewhere; 202 with its id once it is pending (sealing follows within moments).
   */
  private void submit(Context ctx) {
    QueryParams.parse(ctx.queryString(), Set.of());
    TxRequests.Request request = TxRequests.read(Exchange.jsonBody(ctx));
    requireMayIssue(
        ctx, request.intent() != null ? request.intent().type() : request.signed().type());
    LedgerService.Submission submission =
        request.intent() != null
            ? ledger.submit(request.intent())
            : ledger.submit(request.signed());
    switch (submission.admission().outcome()) {
      case POOLED, QUEUED, DUPLICATE -> Exchange.json(ctx, 202, LedgerViews.submitted(submission));
      case REJECTED -> throw refusal(submission.admission().violation());
      case POOL_FULL ->
          throw new ApiException.ServiceUnavailable(
              "ledger_pool_full", "too many transactions are waiting to be sealed; retry later");
    }
  }

  /**
   * The caller's account role must be one that may issue the type on the ledger (e.g. a resume only
   * the creator), since this node signs intents with its own key, whose ledger role may be higher
   * than the caller's.
   */
  private static void requireMayIssue(Context ctx, TxType type) {
    Role role = Caller.of(ctx).role();
    boolean allowed =
        TxPermissions.forValidators(type)
            ? role == Role.CREATOR || role == Role.ADMIN
            : TxPermissions.roles(type).contains(role);
    if (!allowed) {
      throw new ApiException.Forbidden(
          "permission_denied",
          "your role (" + role.wireName() + ") may not issue " + type.wireName() + " transactions");
    }
  }

  /** Why the ledger's rules refuse a transaction, as a 4xx named after the rule's kind. */
  static ApiException refusal(RuleViolation violation) {
    String message = violation.message();
    return switch (violation.kind()) {
      case UNAUTHORIZED_TX -> new ApiException.Forbidden("unauthorized_tx", message);
      case BAD_TX_SIGNATURE -> new ApiException.BadRequest("bad_tx_signature", message, "sig");
      case REPLAYED_TX -> new ApiException.BadRequest("replayed_tx", message, "seq");
      default ->
          new ApiException.BadRequest(violation.kind().wireName().replace('-', '_'), message, null);
    };
  }
}
