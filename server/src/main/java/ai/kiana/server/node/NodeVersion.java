package ai.kiana.server.node;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version this build was made as, from a resource Maven fills in. */
public final class NodeVersion {

  private static final String VERSION = read();

  private NodeVersion() {}

  public static String current() {
    return VERSION;
  }

  private static String read() {
    try (InputStream in =
        NodeVersion.class.getResourceAsStream("/ai/kiana/server/version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "dev");
    } catch (IOException e) {
      return "dev";
    }
  }
}
