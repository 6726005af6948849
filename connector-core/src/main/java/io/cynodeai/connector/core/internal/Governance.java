package io.cynodeai.connector.core.internal;

import io.cynodeai.connector.api.store.CredentialWiper;
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
 */
public record Governance(TenancyRules tenancy, CredentialWiper credentials, @Nullable RetentionPolicy retention,
    Duration retentionEvery) {
  public Governance {
    Objects.requireNonNull(tenancy, "tenancy");
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(retentionEvery, "retentionEvery");
  }

  public static Governance defaults() {
    return new Governance(TenancyRules.strict(), CredentialWiper.none(), null, Duration.ofHours(1));
  }

  public Governance withTenancy(TenancyRules rules) {
    return new Governance(rules, credentials, retention, retentionEvery);
  }

  public Governance withRetention(RetentionPolicy policy, Duration every) {
    return new Governance(tenancy, credentials, policy, every);
  }

  public Governance withCredentials(CredentialWiper wiper) {
    return new Governance(tenancy, wiper, retention, retentionEvery);
  }
}
