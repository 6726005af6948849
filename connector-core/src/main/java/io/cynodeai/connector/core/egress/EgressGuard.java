package io.cynodeai.connector.core.egress;

import io.cynodeai.connector.core.internal.egress.GuardedNetworkAccess;
import io.cynodeai.connector.spi.NetworkAccess;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Guarded transports (§7). The HTTP client and socket factory of the returned {@link NetworkAccess} check
 * every destination against the policy before connecting, resolve host names themselves with the given
 * resolver, refuse special-purpose addresses (loopback, private, link-local, multicast, carrier-grade NAT,
 * unspecified, IPv4-mapped, cloud metadata, ...) unless the policy allows them, connect to exactly the
 * address they checked, never follow redirects, and always validate TLS certificates and host names. A
 * refusal throws {@link EgressDeniedException} and is reported to {@code onDenied}.
 *
 * <p>Engines wire this for every instance, with the policy from {@code EngineBuilder.egress(...)} or, by
 * default, {@link EgressPolicy#publicOnly()}; use this factory directly only to build transports outside an
 * engine. The HTTP client speaks HTTP/1.1 only, one connection per
 * request. Thread-safe.
 */
public final class EgressGuard {
  private EgressGuard() {}

  public static NetworkAccess of(EgressPolicy policy, HostResolver resolver, Consumer<EgressDenial> onDenied) {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(resolver, "resolver");
    Objects.requireNonNull(onDenied, "onDenied");
    return new GuardedNetworkAccess(policy, resolver, onDenied);
  }
}
