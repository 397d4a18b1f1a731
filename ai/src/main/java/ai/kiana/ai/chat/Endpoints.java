package ai.kiana.ai.chat;

import java.net.URI;

/** Joining a configured base URL with an API path, and quoting server text in messages. */
final class Endpoints {

  private Endpoints() {}

  /** {@code base} + "/" + {@code path}, whether or not the base ends with a slash. */
  static URI resolve(URI base, String path) {
    String s = base.toString();
    return URI.create((s.endsWith("/") ? s : s + "/") + path);
  }

  static String cut(String text) {
    return text.length() > 200 ? text.substring(0, 200) + "…" : text;
  }
}
