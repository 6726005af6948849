package io.cynodeai.connector.core.internal.egress;

import io.cynodeai.connector.api.audit.AuditSink;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.core.egress.EgressPolicy;
import io.cynodeai.connector.core.egress.HostResolver;
import io.cynodeai.connector.spi.NetworkAccess;
import java.time.Clock;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * How an engine builder was told to reach the network: an egress policy per instance (or one for all), the
 * host's own network access, and the resolver; turned into the engine's transports at build ({@link
 * EgressGuards#transports}). Mutable, like the builder that owns it; not thread-safe.
 */
public final class EgressChoice {
  public @Nullable Function<ConnectorInstance, NetworkAccess> network;
  public @Nullable Function<ConnectorInstance, EgressPolicy> egress;
  public @Nullable EgressPolicy fixedEgress;
  public HostResolver resolver = HostResolver.system();

  /** Each instance's network access, refusals audited to {@code sink}. */
  public Function<ConnectorInstance, NetworkAccess> transports(AuditSink sink, Clock clock) {
    return EgressGuards.transports(egress, fixedEgress, network, resolver, sink, clock);
  }
}
