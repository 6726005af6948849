package io.cynodeai.connector.core.internal.egress;

import io.cynodeai.connector.core.egress.ClientIdentity;
import io.cynodeai.connector.core.egress.EgressPolicy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * Opens connections to checked targets: a plain socket to the pinned address (never through a proxy, which
 * would resolve the name again), then for TLS a client socket layered on it that sends the host name as SNI
 * and verifies the certificate chain (PKIX, against the policy's trust store or the JVM's) and the host name
 * (the JDK's {@code HTTPS} endpoint identification). There is no switch to turn validation off. Thread-safe.
 */
final class PinnedConnector {
  private final SSLContext tls;
  private final int connectTimeoutMillis;

  PinnedConnector(EgressPolicy policy) {
    this.tls = tlsContext(policy);
    this.connectTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, policy.connectTimeout().toMillis());
  }

  SSLContext tlsContext() {
    return tls;
  }

  /** A connected (and, for https, handshaken) socket to the target's pinned address. */
  Socket open(PinnedTarget target, int readTimeoutMillis) throws IOException {
    Socket raw = new Socket(Proxy.NO_PROXY);
    try {
      raw.connect(new InetSocketAddress(target.address(), target.port()), connectTimeoutMillis);
      raw.setSoTimeout(readTimeoutMillis);
      return target.tls() ? handshake(raw, target) : raw;
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  private SSLSocket handshake(Socket raw, PinnedTarget target) throws IOException {
    String peer = target.named() ? target.host() : target.address().getHostAddress();
    SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(raw, peer, target.port(), true);
    SSLParameters params = ssl.getSSLParameters();
    params.setEndpointIdentificationAlgorithm("HTTPS");
    if (target.named()) {
      params.setServerNames(List.of(new SNIHostName(target.host())));
    }
    ssl.setSSLParameters(params);
    ssl.startHandshake();
    return ssl;
  }

  private static SSLContext tlsContext(EgressPolicy policy) {
    try {
      TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
      trust.init(policy.trustStore()); // null: the JVM's default trust store
      KeyManager[] keys = null;
      ClientIdentity identity = policy.clientIdentity();
      if (identity != null) {
        keys = keyManagers(identity.keyStore(), identity.password());
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the egress policy's TLS material is unusable: "
          + e.getClass().getSimpleName(), e);
    }
  }

  private static KeyManager[] keyManagers(KeyStore store, char[] password) throws GeneralSecurityException {
    try {
      KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, password);
      return factory.getKeyManagers();
    } finally {
      Arrays.fill(password, '\0');
    }
  }
}
