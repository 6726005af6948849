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
