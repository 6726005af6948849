package io.cynodeai.connector.api.spec;

import java.util.Objects;

/** An inbound subscription (§11) by name, and whether it should be enabled. */
public record SubscriptionSpec(String name, boolean enabled) {
  public SubscriptionSpec {
    Objects.requireNonNull(name, "name");
  }
}
