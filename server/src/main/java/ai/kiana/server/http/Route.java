package ai.kiana.server.http;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.Objects;

/**
 * One entry of the API's route table. Every route is declared as a value like this (by the feature
 * classes' {@code routes()}), so that cross-cutting rules, such as the permission each route needs,
 * can be attached and checked per entry in one place.
 */
public record Route(HandlerType method, String path, Handler handler) {

  public Route {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(handler, "handler");
    if (path == null || !path.startsWith("/")) {
      throw new IllegalArgumentException("a route path starts with '/': " + path);
    }
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

  @Override
  public String toString() {
    return method.name() + " " + path;
  }
}
