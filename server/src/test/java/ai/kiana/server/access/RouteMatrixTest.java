package ai.kiana.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.ledger.Role;
import ai.kiana.server.http.Route;
import ai.kiana.server.http.TestNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The role × route matrix, generated from the API's own route table, so a route added later is
 * covered without touching this test. Each caller (no account, or one per role) calls each route
 * with a harmless request (an empty JSON object, IDs that name nothing): the guard must answer 401
 * without an account, 403 {@code permission_denied} exactly when the role lacks the route's
 * permission, and let every other request through to the route.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RouteMatrixTest {

  @TempDir static Path dir;
  TestNode server;

  @BeforeAll
  void start() {
    server = TestNode.start(dir);
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @Test
  void everyRouteDeclaresThePermissionItNeeds() {
    List<String> undeclared =
        server.api.routes().stream().filter(r -> !r.declared()).map(Route::toString).toList();
    assertThat(undeclared)
        .as("routes without .requires(Permission.…); declare one in the feature's routes()")
        .isEmpty();
  }

  Stream<Arguments> cases() {
    List<Arguments> all = new ArrayList<>();
    // Runs after @BeforeAll (per-class lifecycle), so the table is the started API's.
    for (Route route : server.api.routes()) {
      all.add(Arguments.of(route.toString(), route.permission(), null));
      for (Role role : Role.values()) {
        all.add(Arguments.of(route.toString(), route.permission(), role));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{2} → {0}")
  @MethodSource("cases")
  void eachRoleGetsExactlyWhatThePermissionMatrixSays(String route, Permission needed, Role role) {
    TestNode caller = role == null ? server.anonymous() : server.as(role);
    String method = route.substring(0, route.indexOf(' '));
    String path = concrete(route.substring(route.indexOf(' ') + 1));
    String body = method.equals("GET") || method.equals("DELETE") ? null : "{}";

    TestNode.Reply reply =
        caller.send(method, path, body == null ? null : "application/json", body, Map.of());

    // Routes that serve the web app answer with files, not JSON; errors are always JSON.
    boolean json =
        reply.header("Content-Type").filter(t -> t.startsWith("application/json")).isPresent();
    String code = json && !reply.body().isEmpty() ? reply.json().path("error").asText("") : "";
    boolean allowed =
        needed == Permission.PUBLIC || (role != null && PermissionMatrix.allows(role, needed));
    if (allowed) {
      assertThat(code)
          .as("%s as %s: %s", route, role, reply)
          .isNotIn("unauthenticated", "invalid_token", "permission_denied");
    } else if (role == null) {
      assertThat(reply.status()).as(reply.toString()).isEqualTo(401);
      assertThat(code).isEqualTo("unauthenticated");
    } else {
      assertThat(reply.status()).as(reply.toString()).isEqualTo(403);
      assertThat(code).isEqualTo("permission_denied");
    }
  }

  /** Path parameters filled with values that name nothing, so no request changes anything. */
  static String concrete(String path) {
    return path.replace("{id}", "ab".repeat(32))
        .replace("{ref}", "999999")
        .replace("{username}", "nobody")
        .replace("{device}", "cd".repeat(32))
        .replace("<path>", "main.js")
        .replaceAll("\\{[^}]+}", "x");
  }
}
