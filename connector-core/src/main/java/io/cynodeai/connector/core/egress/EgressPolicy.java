package io.cynodeai.connector.core.egress;

import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The egress rules of one connector instance (§7): which destinations it may reach, which special-purpose
 * addresses are nevertheless allowed, which certificate authorities it trusts and which client certificate
 * it presents. Everything not allowed is refused; with no rules at all, nothing is reachable. Build with
 * {@link #builder()}. Immutable.
 *
 * <p>Every policy is enforced by the same guarded transport: the guard resolves host names itself and connects
 * to exactly the address it checked (DNS pinned), always validates TLS certificates and host names, and never
 * follows redirects. What differs is what a policy lets through:
 *
 * <ul>
 *   <li>{@link #publicOnly()}, the engine's default: any host, any port, but only public addresses; every
 *       block of the IANA IPv4 and IPv6 special-purpose registries (loopback, private, link-local, shared,
 *       documentation, benchmarking, ...), multicast, the IPv4-mapped and IPv4-translated IPv6 ranges and the
 *       cloud metadata endpoints are refused;
 *   <li>an allowlist ({@link #builder()}): only the destinations it names, and special-purpose addresses only
 *       where {@link Builder#allowAddressRange} opens them;
 *   <li>{@link #loopbackOnly()}: this machine's loopback addresses only, for tests and demos of local servers;
 *   <li>{@link #unrestricted()}: every destination and every address, special-purpose ones included.
 * </ul>
 *
 * A policy that opens special-purpose addresses (any {@link #allowedAddressRanges()}) is a deliberate act:
 * the engine logs a warning naming the ranges.
 *
 * @param rules the allowlist
 * @param allowedAddressRanges special-purpose addresses (loopback, private, link-local, ...) that may be
 *     reached anyway, for example {@code 10.20.0.0/16} for an internal service or {@code 127.0.0.1/32} in tests
 * @param trustStore the certificate authorities trusted for TLS; null for the JVM's default trust store
 * @param clientIdentity the certificate presented when a server asks for one; null for none
 * @param connectTimeout how long a connection may take to open
 * @param readTimeout how long a read may block, unless a request sets its own timeout
 * @param maxResponseBytes the largest HTTP response body accepted
 */
public record EgressPolicy(
    List<EgressRule> rules,
    List<AddressRange> allowedAddressRanges,
    @Nullable KeyStore trustStore,
    @Nullable ClientIdentity clientIdentity,
    Duration connectTimeout,
    Duration readTimeout,
    long maxResponseBytes) {

  public EgressPolicy {
    rules = List.copyOf(rules);
    allowedAddressRanges = List.copyOf(allowedAddressRanges);
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(readTimeout, "readTimeout");
    if (maxResponseBytes <= 0) {
      throw new IllegalArgumentException("maxResponseBytes must be positive");
    }
  }

  /** A policy that allows nothing. */
  public static EgressPolicy denyAll() {
    return builder().build();
  }

  /**
   * The engine's default policy: any host over {@code http}, {@code https} and {@code tcp}, on any port, as long
   * as every address it resolves to is public. Special-purpose addresses (see the class description) are
   * refused with {@code address_forbidden}.
   */
  public static EgressPolicy publicOnly() {
    return anyDestination().build();
  }

  /**
   * Opens egress completely: any host, any port, any address, loopback, private networks and cloud metadata
   * endpoints included. The transport stays guarded (DNS pinned, TLS validated, redirects not followed,
   * refusals of other schemes audited), but nothing protects the host's own network from the connector.
   * Only for connectors and configurations the host trusts; the engine logs a warning when it is used.
   */
  public static EgressPolicy unrestricted() {
    return anyDestination().allowAddressRange("0.0.0.0/0").allowAddressRange("::/0").build();
  }

  /**
   * This machine only: {@code localhost}, {@code 127.0.0.1} and {@code [::1]} on any port over {@code http},
   * {@code https} and {@code tcp}, with the loopback ranges {@code 127.0.0.0/8} and {@code ::1/128} opened.
   * For tests, examples and demos whose servers run locally; the engine logs a warning when it is used.
   */
  public static EgressPolicy loopbackOnly() {
    Builder b = builder();
    for (String scheme : List.of("http", "https", "tcp")) {
      for (String host : List.of("localhost", "127.0.0.1", "[::1]")) {
        b.allow(new EgressRule(scheme, host, EgressRule.ANY_PORT));
      }
    }
    return b.allowAddressRange("127.0.0.0/8").allowAddressRange("::1/128").build();
  }

  /** Whether this policy lets special-purpose addresses through (it has allowed address ranges). */
  public boolean opensSpecialAddresses() {
    return !allowedAddressRanges.isEmpty();
  }

  private static Builder anyDestination() {
    Builder b = builder();
    for (String scheme : List.of("http", "https", "tcp")) {
      b.allow(new EgressRule(scheme, "*", EgressRule.ANY_PORT));
    }
    return b;
  }

  public static Builder builder() {
    return new Builder();
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }

  /** Collects a policy; each setter validates at once. Not thread-safe. */
  public static final class Builder {
    private final List<EgressRule> rules = new ArrayList<>();
    private final List<AddressRange> ranges = new ArrayList<>();
    private @Nullable KeyStore trustStore;
    private @Nullable ClientIdentity clientIdentity;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(30);
    private long maxResponseBytes = 16L * 1024 * 1024;

    private Builder() {}

    /** Allows one destination, written {@code scheme://host-pattern:port}; see {@link EgressRule}. */
    public Builder allow(String entry) {
      rules.add(EgressRule.parse(entry));
      return this;
    }

    public Builder allow(EgressRule rule) {
      rules.add(Objects.requireNonNull(rule, "rule"));
      return this;
    }

    /** Allows a special-purpose address block, in CIDR notation; see {@link AddressRange}. */
    public Builder allowAddressRange(String cidr) {
      ranges.add(AddressRange.of(cidr));
      return this;
    }

    /** Trusts these certificate authorities instead of the JVM's defaults. Validation stays on. */
    public Builder trustStore(KeyStore value) {
      this.trustStore = Objects.requireNonNull(value, "trustStore");
      return this;
    }

    public Builder clientIdentity(ClientIdentity value) {
      this.clientIdentity = Objects.requireNonNull(value, "clientIdentity");
      return this;
    }

    public Builder connectTimeout(Duration value) {
      requirePositive(value, "connectTimeout");
      this.connectTimeout = value;
      return this;
    }

    public Builder readTimeout(Duration value) {
      requirePositive(value, "readTimeout");
      this.readTimeout = value;
      return this;
    }

    public Builder maxResponseBytes(long value) {
      if (value <= 0) {
        throw new IllegalArgumentException("maxResponseBytes must be positive");
      }
      this.maxResponseBytes = value;
      return this;
    }

    public EgressPolicy build() {
      return new EgressPolicy(rules, ranges, trustStore, clientIdentity, connectTimeout, readTimeout,
          maxResponseBytes);
    }
  }
}
