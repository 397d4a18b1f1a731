package ai.kiana.server.http;

import java.net.URI;
import java.util.Locale;

/**
 * Keeps web pages from other sites away from the API. Until accounts exist the API trusts whoever
 * can reach it, so two browser tricks must not reach it: a foreign page posting to {@code
 * localhost} (refused by its {@code Origin}), and DNS rebinding, where a foreign name resolves to
 * 127.0.0.1 (refused by its {@code Host} while the API listens on loopback only). Clients that are
 * not browsers send no {@code Origin} and are not affected.
 */
final class BrowserGuard {

  private final boolean loopbackOnly;

  BrowserGuard(String bindHost) {
    this.loopbackOnly = isLoopback(bindHost);
  }

  /**
   * @throws ApiException.Forbidden if the request comes from a page it must not come from
   */
  void check(String hostHeader, String origin) {
    String host = hostOnly(hostHeader);
    if (loopbackOnly && host != null && !isLoopback(host)) {
      throw new ApiException.Forbidden(
          "foreign_host", "this node answers only requests addressed to localhost, not to " + host);
    }
    if (origin == null) {
      return;
    }
    String originAuthority = authorityOf(origin);
    if (originAuthority == null
        || hostHeader == null
        || !originAuthority.equalsIgnoreCase(hostHeader.strip())) {
      throw new ApiException.Forbidden(
          "foreign_origin",
          "requests from web pages of other sites are refused (Origin " + origin + ")");
    }
  }

  static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost")
        || h.endsWith(".localhost")
        || h.startsWith("127.")
        || h.equals("::1")
        || h.equals("[::1]");
  }

  /** The host part of a Host header: without port, IPv6 brackets kept off. */
  private static String hostOnly(String hostHeader) {
    if (hostHeader == null || hostHeader.isBlank()) {
      return null;
    }
    String h = hostHeader.strip();
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end < 0 ? h : h.substring(1, end);
    }
    int colon = h.lastIndexOf(':');
    return colon < 0 ? h : h.substring(0, colon);
  }

  /** "host:port" of an Origin as a browser writes it in Host, or null for "null" and garbage. */
  private static String authorityOf(String origin) {
    try {
      URI uri = URI.create(origin.strip());
      return uri.getRawAuthority();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
