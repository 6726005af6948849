package io.cynodeai.connector.api.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The desired state of one connector instance.
 *
 * @param type the connector type name
 * @param typeVersion a version pin ("1", "1.2" or "1.2.0"); the newest registered version matching it is used
 * @param enabled whether the instance should accept calls
 * @param config non-secret configuration, valid against the type's config schema
 * @param credentials how the instance gets its credentials (references only), if it needs any
 * @param policy a constrained allowlist of operations and actions, if bound that way
 * @param policyTemplate the name of a policy template, if bound that way (never together with policy)
 * @param limits concurrency and rate limits, if any
 * @param subscriptions inbound subscriptions and whether each is enabled
 */
public record SpecBody(
    String type,
    String typeVersion,
    boolean enabled,
    JsonNode config,
    @Nullable CredentialsSpec credentials,
    @Nullable PolicySpec policy,
    @Nullable String policyTemplate,
    @Nullable LimitsSpec limits,
    List<SubscriptionSpec> subscriptions) {

  public SpecBody {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(typeVersion, "typeVersion");
    Objects.requireNonNull(config, "config");
    config = config.deepCopy();
    subscriptions = List.copyOf(subscriptions);
  }
}
