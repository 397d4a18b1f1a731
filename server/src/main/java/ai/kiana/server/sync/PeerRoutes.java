package ai.kiana.server.sync;

import ai.kiana.core.json.Json;
import ai.kiana.net.PairingException;
import ai.kiana.net.PeerNetwork;
import ai.kiana.net.discover.Nearby;
import ai.kiana.net.pairing.PairingCode;
import ai.kiana.net.pairing.PairingWindow;
import ai.kiana.net.peers.PeerRecord;
import ai.kiana.net.peers.PeerView;
import ai.kiana.server.access.Permission;
import ai.kiana.server.chat.Sse;
import ai.kiana.server.http.ApiException;
import ai.kiana.server.http.Exchange;
import ai.kiana.server.http.QueryParams;
import ai.kiana.server.http.Route;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The sync network over HTTP: {@code GET /api/v1/peers}, {@code POST /api/v1/pairing} (show a
 * code), {@code POST /api/v1/pairing/join} (redeem another device's code), {@code POST
 * /api/v1/peers/sync} (reconcile with every peer now).
 */
public final class PeerRoutes {

  private final Supplier<PeerNetwork> network;

  /** {@code network} gives null while sync is not running on this node. */
  public PeerRoutes(Supplier<PeerNetwork> network) {
    this.network = network;
  }

  public List<Route> routes() {
    return List.of(
        Route.get("/api/v1/peers", this::list).requires(Permission.READ_NODE),
        Route.get("/api/v1/peers/events", this::events).requires(Permission.READ_NODE),
        Route.post("/api/v1/peers/sync", this::syncNow).requires(Permission.SYNC),
        Route.post("/api/v1/pairing", this::offer).requires(Permission.MANAGE_DEVICES),
        Route.post("/api/v1/pairing/join", this::join).requires(Permission.MANAGE_DEVICES));
  }

  private PeerNetwork net() {
    PeerNetwork n = network.get();
    if (n == null) {
      throw new ApiException.ServiceUnavailable(
          "sync_not_running", "sync is not running on this node (sync.enabled=false?)");
    }
    return n;
  }

  private void list(Context ctx) {
    QueryParams.parse(ctx.queryString(), Set.of());
    Exchange.json(ctx, 200, state(net()));
  }

  /**
   * The peer list as Server-Sent Events: an event {@code peers} (the body of {@code GET
   * /api/v1/peers}) at once and whenever it changes, checked every {@link #EVENTS_EVERY}. The
   * stream ends after {@link #EVENTS_FOR}; clients reconnect, so no stream outlives a session.
   */
  private void events(Context ctx) throws InterruptedException {
    QueryParams.parse(ctx.queryString(), Set.of());
    net(); // 503 before streaming when sync is not running
    long end = System.nanoTime() + EVENTS_FOR.toNanos();
    try (Sse sse = new Sse(ctx)) {
      ObjectNode last = null;
      while (System.nanoTime() < end) {
        PeerNetwork n = network.get();
        if (n == null) {
          return; // sync stopped (halt): the client reconnects and gets 503
        }
        ObjectNode now = state(n);
        if (!now.equals(last)) {
          sse.event("peers", now);
          last = now;
        }
        Thread.sleep(EVENTS_EVERY.toMillis());
      }
    } catch (Sse.ClientGone e) {
      // the page closed: nothing to do
    }
  }

  /** How often the event stream looks for changes, and how long one stream lasts. */
  static final Duration EVENTS_EVERY = Duration.ofMillis(500);

  static final Duration EVENTS_FOR = Duration.ofMinutes(10);

  private static ObjectNode state(PeerNetwork n) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("device", n.deviceId().hex());
    body.put("syncPort", n.port());
    ArrayNode peers = body.putArray("peers");
    for (PeerView p : n.peers()) {
      peers.add(view(p));
    }
    ArrayNode nearby = body.putArray("nearby");
    for (Nearby x : n.nearby()) {
      nearby
          .addObject()
          .put("device", x.device().hex())
          .put("address", x.address())
          .put("seen", x.seen().toString());
    }
    return body;
  }

  static ObjectNode view(PeerView p) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("device", p.device().hex());
    o.put("display", p.device().display());
    o.put("name", p.name());
    o.put("address", p.address());
    o.put("origin", p.origin());
    o.put("state", p.state());
    o.put("connection", p.connection());
    if (p.rttMillis() < 0) {
      o.putNull("rttMs");
    } else {
      o.put("rttMs", Math.round(p.rttMillis() * 1000) / 1000.0);
    }
    o.put("lastSync", p.lastSync() == null ? null : p.lastSync().toString());
    o.put("blocksIn", p.blocksIn());
    o.put("blocksOut", p.blocksOut());
    o.put("declined", p.declined());
    o.put("offences", p.offences());
    o.put("lastError", p.lastError());
    o.put("nextAttempt", p.nextAttempt() == null ? null : p.nextAttempt().toString());
    return o;
  }

  private void syncNow(Context ctx) {
    QueryParams.parse(ctx.queryString(), Set.of());
    net().syncNow();
    Exchange.json(ctx, 202, Json.mapper().createObjectNode().put("status", "started"));
  }

  private void offer(Context ctx) {
    QueryParams.parse(ctx.queryString(), Set.of());
    PeerNetwork n = net();
    PairingCode code = n.offerPairing(PairingWindow.DEFAULT_TTL, addresses(n.port()));
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("code", code.text());
    body.put("qr", code.text());
    body.put("device", code.device().hex());
    body.put("expires", code.expires().toString());
    ArrayNode a = body.putArray("addresses");
    code.addresses().forEach(a::add);
    Exchange.json(ctx, 201, body);
  }

  private void join(Context ctx) {
    QueryParams.parse(ctx.queryString(), Set.of());
    JsonNode body = Exchange.jsonBody(ctx);
    if (!body.isObject()) {
      throw ApiException.BadRequest.body("expected a JSON object {\"code\": ...}");
    }
    body.fieldNames()
        .forEachRemaining(
            f -> {
              if (!f.equals("code")) {
                throw ApiException.BadRequest.unknownField(f);
              }
            });
    if (!body.path("code").isTextual()) {
      throw ApiException.BadRequest.missingField("code");
    }
    PairingCode code;
    try {
      code = PairingCode.parse(body.path("code").asText());
    } catch (IllegalArgumentException e) {
      throw new ApiException.BadRequest("invalid_pairing_code", e.getMessage(), "code");
    }
    PeerRecord peer;
    try {
      peer = net().pair(code);
    } catch (PairingException e) {
      throw switch (e.kind()) {
        case EXPIRED -> new ApiException.BadRequest("pairing_code_expired", e.getMessage(), "code");
        case OWN_CODE -> new ApiException.BadRequest("own_pairing_code", e.getMessage(), "code");
        case REFUSED -> new ApiException.Forbidden("pairing_refused", e.getMessage());
        case UNREACHABLE -> new ApiException.ServiceUnavailable("peer_unreachable", e.getMessage());
      };
    }
    ObjectNode out = Json.mapper().createObjectNode();
    out.put("device", peer.device().hex());
    out.put("display", peer.device().display());
    out.put("name", peer.name());
    out.put("address", peer.address());
    Exchange.json(ctx, 200, out);
  }

  /** This machine's addresses that another device could reach, loopback last. */
  static List<String> addresses(int port) {
    List<String> lan = new ArrayList<>();
    try {
      for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!ni.isUp() || ni.isLoopback()) {
          continue;
        }
        for (InetAddress a : Collections.list(ni.getInetAddresses())) {
          if (a instanceof java.net.Inet4Address) {
            lan.add(a.getHostAddress() + ":" + port);
          }
        }
      }
    } catch (SocketException e) {
      // No interface list: loopback still works for devices on this machine.
    }
    lan.add("127.0.0.1:" + port);
    return lan;
  }
}
