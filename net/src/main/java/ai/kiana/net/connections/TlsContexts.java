package ai.kiana.net.connections;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;

/** TLS 1.3 only, mutual authentication, Ed25519 device certificates pinned by device ID. */
public final class TlsContexts {

  public static final String PROTOCOL = "TLSv1.3";

  private TlsContexts() {}

  public static SSLContext create(DeviceCertificate cert, DeviceTrust trust) {
    try {
      SSLContext ctx = SSLContext.getInstance(PROTOCOL);
      ctx.init(
          new KeyManager[] {new DeviceKeyManager(cert)},
          new TrustManager[] {new PinnedTrustManager(trust)},
          new SecureRandom());
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK offers no TLS 1.3", e);
    }
  }

  /** Parameters for both ends: only TLS 1.3, client certificate required, Ed25519 signatures. */
  public static SSLParameters parameters(SSLContext ctx) {
    SSLParameters p = ctx.getDefaultSSLParameters();
    p.setProtocols(new String[] {PROTOCOL});
    p.setNeedClientAuth(true);
    p.setSignatureSchemes(new String[] {"ed25519"});
    return p;
  }
}
