package dev.squall.chat;

import java.security.cert.X509Certificate;
import javax.net.ssl.X509TrustManager;

/**
 * Accepts any server certificate. Only for an adapter's {@code tls_verify: false}, which the
 * operator chose explicitly (a self-signed server on a private network).
 */
public final class TrustEverything implements X509TrustManager {

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) {}

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) {}

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
