package io.cynodeai.connector.core.internal;

import io.cynodeai.connector.api.store.CredentialWiper;
import io.cynodeai.connector.core.internal.catalog.CatalogGate;
import io.cynodeai.connector.core.internal.catalog.CertificationGate;
import io.cynodeai.connector.core.ratelimit.InMemoryRateLimiter;
import io.cynodeai.connector.core.ratelimit.ProviderQuota;
import io.cynodeai.connector.core.ratelimit.RateLimiter;
import io.cynodeai.connector.core.ratelimit.RateLimits;
import io.cynodeai.connector.core.tenancy.RetentionPolicy;
import io.cynodeai.connector.core.tenancy.TenancyRules;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The call-governance settings of an engine (§6, §10, §12), kept apart from {@link EngineSettings} so each
 * concern grows in one place.
 *
 * @param tenancy the tenancy rules enforced on every API
 * @param credentials erases a deleted instance's credentials
 * @param retention the retention policy, or null when the engine runs no retention task
 * @param retentionEvery how often the retention task runs
 * @param rateLimits the engine-wide user and project limits
 * @param limiter the token buckets
 * @param quota the providers' quota state
 * @param certification whether (and by which records) instances need a certified type to be enabled (§15)
 * @param catalog the host's connector catalog enforced on install, enable and invoke (§13), or off
 */
public record Governance(TenancyRules tenancy, CredentialWiper credentials, @Nullable RetentionPolicy retention,
    Duration retentionEvery, RateLimits rateLimits, RateLimiter limiter, ProviderQuota quota,
    CertificationGate certification, CatalogGate catalog) {
  public Governance {
    Objects.requireNonNull(tenancy, "tenancy");
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(retentionEvery, "retentionEvery");
    Objects.requireNonNull(rateLimits, "rateLimits");
    Objects.requireNonNull(limiter, "limiter");
    Objects.requireNonNull(quota, "quota");
    Objects.requireNonNull(certification, "certification");
    Objects.requireNonNull(catalog, "catalog");
  }

  public static Governance defaults() {
    InMemoryRateLimiter local = new InMemoryRateLimiter();
    return new Governance(TenancyRules.strict(), CredentialWiper.none(), null, Duration.ofHours(1),
        RateLimits.none(), local, local, CertificationGate.off(),
        CatalogGate.off());
  }

  public Governance withTenancy(TenancyRules rules) {
    return new Governance(rules, credentials, retention, retentionEvery, rateLimits, limiter,
        quota, certification, catalog);
  }

  public Governance withCredentials(CredentialWiper wiper) {
    return new Governance(tenancy, wiper, retention, retentionEvery, rateLimits, limiter, quota,
        certification, catalog);
  }

  public Governance withRetention(RetentionPolicy policy, Duration every) {
    return new Governance(tenancy, credentials, policy, every, rateLimits, limiter, quota,
        certification, catalog);
  }

  public Governance withRateLimits(RateLimits limits) {
    return new Governance(tenancy, credentials, retention, retentionEvery, limits, limiter,
        quota, certification, catalog);
  }

  public Governance withCatalog(io.cynodeai.connector.core.catalog.ConnectorCatalog hostCatalog) {
    return new Governance(tenancy, credentials, retention, retentionEvery, rateLimits, limiter, quota,
        certification, CatalogGate.of(hostCatalog));
  }

  public Governance withCertification(CertificationGate gate) {
    return new Governance(tenancy, credentials, retention, retentionEvery, rateLimits, limiter, quota,
        gate, catalog);
  }

  public Governance withRateLimitBackend(RateLimiter buckets, ProviderQuota providerQuota) {
    return new Governance(tenancy, credentials, retention, retentionEvery, rateLimits, buckets,
        providerQuota, certification, catalog);
  }
}
