package io.mailtier.frontend.transport.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Verifies client certificates against the CAs of {@code caFile} (the JDK's PKIX checks), and
 * refuses a chain with more than {@code maxChainDepth} certificates above the client's own.
 */
final class ChainDepthTrustManager extends X509ExtendedTrustManager {
  private final X509ExtendedTrustManager delegate;
  private final int maxChainDepth;

  private ChainDepthTrustManager(X509ExtendedTrustManager delegate, int maxChainDepth) {
    this.delegate = delegate;
    this.maxChainDepth = maxChainDepth;
  }

  static ChainDepthTrustManager of(List<X509Certificate> cas, int maxChainDepth) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      for (int i = 0; i < cas.size(); i++) {
        store.setCertificateEntry("ca-" + i, cas.get(i));
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      for (TrustManager tm : tmf.getTrustManagers()) {
        if (tm instanceof X509ExtendedTrustManager x) {
          return new ChainDepthTrustManager(x, maxChainDepth);
        }
      }
      throw new IllegalStateException("the JDK offers no X509ExtendedTrustManager");
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot build the client certificate trust store", e);
    }
  }

  private void checkDepth(X509Certificate[] chain) throws CertificateException {
    if (chain != null && chain.length - 1 > maxChainDepth) {
      throw new CertificateException(
          "client certificate chain too deep: "
              + (chain.length - 1)
              + " above the client's own, at most "
              + maxChainDepth);
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    checkDepth(chain);
    delegate.checkClientTrusted(chain, authType, socket);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checkDepth(chain);
    delegate.checkClientTrusted(chain, authType, engine);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    checkDepth(chain);
    delegate.checkClientTrusted(chain, authType);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    delegate.checkServerTrusted(chain, authType, socket);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    delegate.checkServerTrusted(chain, authType, engine);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    delegate.checkServerTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return delegate.getAcceptedIssuers();
  }
}
