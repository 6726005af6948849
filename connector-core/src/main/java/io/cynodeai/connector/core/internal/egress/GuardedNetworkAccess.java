package io.cynodeai.connector.core.internal.egress;

import io.cynodeai.connector.core.egress.EgressDenial;
import io.cynodeai.connector.core.egress.EgressPolicy;
import io.cynodeai.connector.core.egress.HostResolver;
import io.cynodeai.connector.spi.NetworkAccess;
import java.net.http.HttpClient;
import java.util.function.Consumer;
import javax.net.SocketFactory;

/** The transports of one egress policy: a pinned HTTP client and a guarded socket factory. Thread-safe. */
public final class GuardedNetworkAccess implements NetworkAccess {
  private final PinnedHttpClient http;
  private final GuardedSocketFactory sockets;

  public GuardedNetworkAccess(EgressPolicy policy, HostResolver resolver, Consumer<EgressDenial> onDenied) {
    EgressChecker checker = new EgressChecker(policy, resolver, onDenied);
    this.http = new PinnedHttpClient(checker, new PinnedConnector(policy), policy);
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
}
