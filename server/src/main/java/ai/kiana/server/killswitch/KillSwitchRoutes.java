package ai.kiana.server.killswitch;

import ai.kiana.core.identity.DeviceId;
import ai.kiana.core.ledger.InvalidLedgerDataException;
import ai.kiana.server.access.AuthErrors;
import ai.kiana.server.access.Caller;
import ai.kiana.server.access.Permission;
import ai.kiana.server.auth.AuthException;
import ai.kiana.server.http.ApiException;
import ai.kiana.server.http.Exchange;
import ai.kiana.server.http.JsonBody;
import ai.kiana.server.http.QueryParams;
import ai.kiana.server.http.Route;
import ai.kiana.server.ledger.LedgerService;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.List;
import java.util.Set;

/**
 * The kill switch and device revocation over HTTP: state, set the phrase (creator), engage with the
 * phrase (creator, admin), resume with the phrase (creator), revoke a device (creator, admin).
 */
public final class KillSwitchRoutes {

  public static final String KILL = "/api/v1/killswitch";
  public static final String DEVICES = "/api/v1/devices";

  private final KillSwitch killSwitch;
  private final DeviceRevocation revocation;

  public KillSwitchRoutes(KillSwitch killSwitch, DeviceRevocation revocation) {
    this.killSwitch = killSwitch;
    this.revocation = revocation;
  }

  public List<Route> routes() {
    return List.of(
        Route.get(KILL, this::state).requires(Permission.KILL_SWITCH),
        Route.post(KILL + "/phrase", this::phrase).requires(Permission.RESUME),
        Route.post(KILL + "/engage", this::engage).requires(Permission.KILL_SWITCH),
        Route.post(KILL + "/resume", this::resume).requires(Permission.RESUME),
        Route.post(DEVICES + "/{device}/revoke", this::revoke).requires(Permission.MANAGE_DEVICES));
  }

  private void state(Context ctx) {
    QueryParams.parse(ctx.queryString(), Set.of());
    Exchange.json(ctx, 200, view());
  }

  private void phrase(Context ctx) {
    QueryParams.parse(ctx.queryString(), Set.of());
    JsonBody body = JsonBody.read(ctx, Set.of("phrase", "currentPhrase"));
    try {
      killSwitch.setPhrase(
          body.optionalText("currentPhrase"), body.text("phrase"), Caller.of(ctx).actor());
    } catch (AuthException e) {
      throw phraseError(e);
    }
    ctx.status(204);
  }

  private void engage(Context ctx) {
    QueryParams.parse(ctx.queryString(), Set.of());
    JsonBody body = JsonBody.read(ctx, Set.of("phrase"));
    try {
      killSwitch.engage(body.text("phrase"), Caller.of(ctx).actor());
    } catch (AuthException e) {
      throw phraseError(e);
    }
    Exchange.json(ctx, 200, view());
  }

  private void resume(Context ctx) {
    QueryParams.parse(ctx.queryString(), Set.of());
    JsonBody body = JsonBody.read(ctx, Set.of("phrase"));
    try {
      killSwitch.resume(body.text("phrase"), Caller.of(ctx).actor());
    } catch (AuthException e) {
      throw phraseError(e);
    }
    Exchange.json(ctx, 200, view());
  }

  private void revoke(Context ctx) {
    QueryParams.parse(ctx.queryString(), Set.of());
    JsonBody body = JsonBody.read(ctx, Set.of("reason"));
    String reason = body.optionalText("reason");
    DeviceId device;
    try {
      device = DeviceId.parse(ctx.pathParam("device"));
    } catch (IllegalArgumentException e) {
      throw ApiException.BadRequest.parameter("device", "not a device ID: " + e.getMessage());
    }
    LedgerService.Submission s;
    try {
      s = revocation.revoke(device, reason == null ? "" : reason, Caller.of(ctx).actor());
    } catch (InvalidLedgerDataException e) {
      throw ApiException.BadRequest.field(e.field(), e.problem());
    }
    switch (s.admission().outcome()) {
      case POOLED, QUEUED, DUPLICATE ->
          Exchange.json(
              ctx,
              202,
              ai.kiana.core.json.Json.mapper()
                  .createObjectNode()
                  .put("device", device.hex())
                  .put("txId", s.txId()));
      case REJECTED ->
          throw new ApiException.Forbidden(
              "revocation_refused", s.admission().violation().message());
      case POOL_FULL ->
          throw new ApiException.ServiceUnavailable(
              "ledger_pool_full", "too many transactions are waiting to be sealed; retry later");
    }
  }

  private ObjectNode view() {
    return killSwitch.state().toJson().put("phraseSet", killSwitch.hasPhrase());
  }

  /** A wrong phrase is a 403 (the caller is logged in; 401 would tell a web app to log in). */
  private static ApiException phraseError(AuthException e) {
    if (e.kind() == AuthException.Kind.UNAUTHORIZED) {
      return new ApiException.Forbidden("wrong_phrase", e.getMessage());
    }
    return AuthErrors.toApi(e);
  }
}
