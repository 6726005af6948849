package io.cynodeai.connector.core.internal.egress;

import io.cynodeai.connector.core.egress.AddressRange;
import io.cynodeai.connector.core.egress.EgressDenial;
import io.cynodeai.connector.core.egress.EgressDeniedException;
import io.cynodeai.connector.core.egress.EgressPolicy;
import io.cynodeai.connector.core.egress.EgressRule;
import io.cynodeai.connector.core.egress.HostResolver;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Decides whether a destination may be reached, and at which address: host syntax, then the allowlist
 * (scheme, host pattern, port), then the guard's own DNS resolution, then the address rules for every
 * resolved address. A denial is reported to the listener and thrown before anything is connected.
 * Thread-safe.
 */
final class EgressChecker {
  private final EgressPolicy policy;
  private final HostResolver resolver;
  private final Consumer<EgressDenial> listener;

  EgressChecker(EgressPolicy policy, HostResolver resolver, Consumer<EgressDenial> listener) {
    this.policy = policy;
    this.resolver = resolver;
    this.listener = listener;
  }

  /** Checks a destination given by name or literal, resolving a name with the guard's resolver. */
  PinnedTarget check(String scheme, String rawHost, int port) throws java.io.IOException {
    ParsedHost host = allowlisted(scheme, rawHost, port);
    List<InetAddress> addresses = host instanceof ParsedHost.Literal literal ? List.of(literal.address())
        : resolver.resolve(host.canonical());
    if (addresses == null || addresses.isEmpty()) {
      throw new UnknownHostException(host.canonical());
    }
    for (InetAddress address : addresses) {
      requirePermitted(scheme, rawHost, port, host, address);
    }
    return new PinnedTarget(scheme, host.canonical(), addresses.get(0), port, host instanceof ParsedHost.Name);
  }

  /** Checks a destination whose address the caller already has (a resolved socket address). */
  PinnedTarget checkResolved(String scheme, String rawHost, InetAddress address, int port)
      throws java.io.IOException {
    ParsedHost host = allowlisted(scheme, rawHost, port);
    requirePermitted(scheme, rawHost, port, host, address);
    return new PinnedTarget(scheme, host.canonical(), address, port, host instanceof ParsedHost.Name);
  }

  /** Reports and returns a denial for a request the transport refuses outright. */
  EgressDeniedException deny(String reason, String scheme, String host, int port, String message) {
    EgressDenial denial = new EgressDenial(reason, scheme, host, port, message);
    try {
      listener.accept(denial);
    } catch (RuntimeException ignored) {
      // a failing listener must not turn a denial into something else
    }
    return new EgressDeniedException(denial);
  }

  private ParsedHost allowlisted(String scheme, String rawHost, int port) throws EgressDeniedException {
    if (!EgressRule.SCHEMES.contains(scheme)) {
      throw deny("scheme_not_allowed", scheme, rawHost, port, "scheme '" + scheme + "' is not allowed");
    }
    ParsedHost.Result parsed = ParsedHost.parse(rawHost);
    if (parsed.host() == null) {
      throw deny("host_malformed", scheme, rawHost, port, String.valueOf(parsed.problem()));
    }
    ParsedHost host = parsed.host();
    for (EgressRule rule : policy.rules()) {
      if (rule.allows(scheme, host.canonical(), port)) {
        return host;
      }
    }
    throw deny("host_not_allowed", scheme, rawHost, port, scheme + "://" + host.canonical() + ":" + port
        + " is not in the instance's egress allowlist");
  }

  private void requirePermitted(String scheme, String rawHost, int port, ParsedHost host, InetAddress address)
      throws EgressDeniedException {
    Optional<String> kind = AddressClassifier.specialKind(address);
    if (kind.isEmpty()) {
      return;
    }
    for (AddressRange allowed : policy.allowedAddressRanges()) {
      if (allowed.contains(address)) {
        return;
      }
    }
    String where = host instanceof ParsedHost.Literal ? host.canonical()
        : host.canonical() + " resolves to " + address.getHostAddress() + ", which";
    throw deny("address_forbidden", scheme, rawHost, port, where + " is a " + kind.get()
        + " address, and no allowed address range covers it");
  }
}
