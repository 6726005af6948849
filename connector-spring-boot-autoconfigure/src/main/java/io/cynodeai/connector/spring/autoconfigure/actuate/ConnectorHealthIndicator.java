package io.cynodeai.connector.spring.autoconfigure.actuate;

import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.instance.InstanceStatus;
import io.cynodeai.connector.spring.autoconfigure.ConnectorStores;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The engine's instances as health: how many are in each status, and the ids of those {@code degraded},
 * {@code error} or {@code credential_expired}, so a broken connector is visible on {@code /actuator/health}.
 * UP unless an instance is in one of {@code connector.health.down-on} (none by default: one broken connector
 * should not take the whole application out of its load balancer). Reads the store, not the policy: the
 * health view is the operator's. Thread-safe.
 */
public final class ConnectorHealthIndicator implements HealthIndicator {
  private static final Set<InstanceStatus> TROUBLED =
      Set.of(InstanceStatus.DEGRADED, InstanceStatus.ERROR, InstanceStatus.CREDENTIAL_EXPIRED);
  private final ConnectorStores stores;
  private final Set<String> downOn;

  public ConnectorHealthIndicator(ConnectorStores stores, List<String> downOn) {
    this.stores = Objects.requireNonNull(stores, "stores");
    this.downOn = Set.copyOf(downOn);
  }

  @Override
  public Health health() {
    Map<String, Integer> byStatus = new TreeMap<>();
    Map<String, List<String>> troubled = new TreeMap<>();
    boolean down = false;
    for (ConnectorInstance instance : stores.instances().list()) {
      if (instance.deletedAt() != null) {
        continue;
      }
      String status = instance.status().wireName();
      byStatus.merge(status, 1, Integer::sum);
      if (TROUBLED.contains(instance.status())) {
        troubled.computeIfAbsent(status, s -> new ArrayList<>()).add(instance.id());
      }
      down |= downOn.contains(status);
    }
    Health.Builder health = down ? Health.down() : Health.up();
    return health.withDetail("instances", byStatus.values().stream().mapToInt(Integer::intValue).sum())
        .withDetail("byStatus", byStatus).withDetails(Map.copyOf(troubled)).build();
  }
}
