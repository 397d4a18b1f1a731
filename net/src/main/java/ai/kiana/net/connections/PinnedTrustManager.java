package ai.kiana.net.connections;

import ai.kiana.core.identity.DeviceId;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts a peer certificate only for who its key is: a self-signed Ed25519 certificate of a device
 * that {@link DeviceTrust} admits. No certificate authorities, names or dates: the device ID is the
 * pin, and revocation comes from the device set, not from certificate expiry.
 */
final class PinnedTrustManager extends X509ExtendedTrustManager {

  private final DeviceTrust trust;

  PinnedTrustManager(DeviceTrust trust) {
    this.trust = trust;
  }

  private void check(X509Certificate[] chain) throws CertificateException {
    if (chain == null || chain.length != 1) {
      throw new CertificateException("expected exactly one self-signed device certificate");
    }
    DeviceId device = trust.deviceFor(DeviceCertificate.keyOf(chain[0]));
    if (device == null) {
      throw new CertificateException("the certificate's key was rotated away by its device");
    }
    if (!trust.mayHandshake(device)) {
      throw new CertificateException("device " + device.shortForm() + " is not a known device");
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(chain);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
