package ai.kiana.server.http;

import ai.kiana.server.access.Permission;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.Objects;

/**
 * One entry of the API's route table. Every route is declared as a value like this (by the feature
 * classes' {@code routes()}), with the {@link Permission} its caller needs:
 *
 * <pre>{@code
 * Route.get("/api/v1/blocks", this::list).requires(Permission.READ_KNOWLEDGE)
 * }</pre>
 *
 * <p>A route without a declaration ({@link #permission()} null) is served to the creator only, and
 * fails the build: {@code RouteDeclarationsTest} checks every route of the API.
 */
public record Route(HandlerType method, String path, Handler handler, Permission permission) {

  public Route {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(handler, "handler");
    if (path == null || !path.startsWith("/")) {
      throw new IllegalArgumentException("a route path starts with '/': " + path);
    }
  }

  /** An undeclared route; declare its permission with {@link #requires}. */
  public Route(HandlerType method, String path, Handler handler) {
    this(method, path, handler, null);
  }

  public static Route get(String path, Handler handler) {
    return new Route(HandlerType.GET, path, handler);
  }

  public static Route post(String path, Handler handler) {
    return new Route(HandlerType.POST, path, handler);
  }

  public static Route put(String path, Handler handler) {
    return new Route(HandlerType.PUT, path, handler);
  }

  public static Route delete(String path, Handler handler) {
    return new Route(HandlerType.DELETE, path, handler);
  }

  /** This route, declaring the permission its caller needs. */
  public Route requires(Permission needed) {
    return new Route(method, path, handler, Objects.requireNonNull(needed, "permission"));
  }

  /** Whether the route declares its permission. */
  public boolean declared() {
    return permission != null;
  }

  @Override
  public String toString() {
    return method.name() + " " + path;
  }
}
