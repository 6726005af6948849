package io.cynodeai.connector.spring.autoconfigure.actuate;

import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.spring.autoconfigure.ConnectorStores;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * {@code /actuator/connectors}: every live instance with its type, status and last error, and {@code
 * /actuator/connectors/{id}} for one. Never the instance's configuration (operators read status here, not
 * settings). Expose it like any endpoint ({@code management.endpoints.web.exposure.include}). Thread-safe.
 */
@Endpoint(id = "connectors")
public final class ConnectorInstancesEndpoint {
  private final ConnectorStores stores;

  public ConnectorInstancesEndpoint(ConnectorStores stores) {
    this.stores = Objects.requireNonNull(stores, "stores");
  }

  @ReadOperation
  public Instances instances() {
    return new Instances(stores.kind(), stores.instances().list().stream().filter(i -> i.deletedAt() == null)
        .sorted(Comparator.comparing(ConnectorInstance::id)).map(InstanceView::of).toList());
  }

  @ReadOperation
  public @Nullable InstanceView instance(@Selector String id) {
    return stores.instances().find(id).filter(i -> i.deletedAt() == null).map(InstanceView::of).orElse(null);
  }

  /** The endpoint's answer: where the state is kept, and the instances. */
  public record Instances(String store, List<InstanceView> instances) {}

  /** One instance as the endpoint shows it. */
  public record InstanceView(String id, String type, String typeVersion, String status, @Nullable String projectId,
      @Nullable String lastErrorCode, @Nullable String lastErrorMessage, @Nullable Instant lastSuccessAt,
      @Nullable Instant healthCheckedAt) {

    static InstanceView of(ConnectorInstance i) {
      return new InstanceView(i.id(), i.connectorType(), i.connectorTypeVersion(), i.status().wireName(),
          i.projectId(), i.lastError() == null ? null : i.lastError().code(),
          i.lastError() == null ? null : i.lastError().message(), i.lastSuccessAt(), i.healthCheckedAt());
    }
  }
}
