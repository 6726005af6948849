package io.cynodeai.connector.core.internal.egress;

import io.cynodeai.connector.core.egress.EgressDenial;
import io.cynodeai.connector.core.egress.EgressPolicy;
import io.cynodeai.connector.core.egress.HostResolver;
import io.cynodeai.connector.spi.NetworkAccess;
import java.net.http.HttpClient;
import java.util.function.Consumer;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * The transports of one egress policy: a pinned HTTP client, a guarded socket factory, and the policy's TLS
 * (trust store, client certificate) for sockets layered over the guarded ones. Thread-safe.
 */
public final class GuardedNetworkAccess implements NetworkAccess {
  private final PinnedHttpClient http;
  private final GuardedSocketFactory sockets;
  private final SSLSocketFactory tls;

  public GuardedNetworkAccess(EgressPolicy policy, HostResolver resolver, Consumer<EgressDenial> onDenied) {
    EgressChecker checker = new EgressChecker(policy, resolver, onDenied);
    PinnedConnector connector = new PinnedConnector(policy);
    this.http = new PinnedHttpClient(checker, connector, policy);
    this.tls = connector.tlsContext().getSocketFactory();
    this.sockets = new GuardedSocketFactory(checker,
        (int) Math.min(Integer.MAX_VALUE, policy.connectTimeout().toMillis()));
  }

  @Override
  public HttpClient httpClient() {
    return http;
  }

  @Override
  public SocketFactory socketFactory() {
    return sockets;
  }

  @Override
  public SSLSocketFactory tlsSocketFactory() {
    return tls;
  }
}
