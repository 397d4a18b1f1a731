package ai.kiana.server.chat;

import ai.kiana.ai.filter.FilterHit;
import ai.kiana.ai.filter.FilterRule;
import ai.kiana.ai.filter.FilterRules;
import ai.kiana.ai.filter.InvalidRuleException;
import ai.kiana.ai.filter.PromptFilter;
import ai.kiana.core.json.Json;
import ai.kiana.server.access.Permission;
import ai.kiana.server.http.ApiException;
import ai.kiana.server.http.Exchange;
import ai.kiana.server.http.QueryParams;
import ai.kiana.server.http.Route;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.List;
import java.util.Set;

/**
 * {@code /api/v1/filter}: the prompt filter's rules (replaced as a whole, validated first, in force
 * at once) and its recorded hits.
 */
public final class FilterRoutes {

  static final String FILTER = "/api/v1/filter";
  static final int DEFAULT_HITS = 100;

  private final PromptFilter filter;

  public FilterRoutes(PromptFilter filter) {
    this.filter = filter;
  }

  public List<Route> routes() {
    return List.of(
        Route.get(FILTER + "/rules", this::rules).requires(Permission.READ_NODE),
        Route.put(FILTER + "/rules", this::replace).requires(Permission.MANAGE_SETTINGS),
        Route.get(FILTER + "/hits", this::hits).requires(Permission.MANAGE_SETTINGS));
  }

  private void rules(Context ctx) {
    QueryParams.parse(ctx.queryString(), Set.of());
    Exchange.json(ctx, 200, FilterRules.toJson(filter.rules()));
  }

  private void replace(Context ctx) {
    QueryParams.parse(ctx.queryString(), Set.of());
    List<FilterRule> rules;
    try {
      rules = FilterRules.parse(Exchange.jsonBody(ctx));
    } catch (InvalidRuleException e) {
      throw new ApiException.Unprocessable("invalid_rule", e.getMessage(), e.rule());
    }
    filter.replaceRules(rules);
    Exchange.json(ctx, 200, FilterRules.toJson(filter.rules()));
  }

  private void hits(Context ctx) {
    long limit =
        QueryParams.parse(ctx.queryString(), Set.of("limit"))
            .number("limit", DEFAULT_HITS, 1, 10_000);
    ObjectNode out = Json.mapper().createObjectNode();
    ArrayNode list = out.putArray("hits");
    for (FilterHit h : filter.hits().newest((int) limit)) {
      ObjectNode o = list.addObject();
      o.put("at", h.at().toString());
      o.put("rule", h.rule());
      o.put("category", h.category());
      o.put("action", h.action().wireName());
      o.put("stage", h.stage().wireName());
      o.put("reason", h.reason());
      o.put("excerpt", h.excerpt());
      if (h.conversation() == null) {
        o.putNull("conversation");
      } else {
        o.put("conversation", h.conversation());
      }
    }
    Exchange.json(ctx, 200, out);
  }
}
