package io.cynodeai.connector.core.store;

import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.instance.StatusUpdate;
import io.cynodeai.connector.api.store.DuplicateInstanceException;
import io.cynodeai.connector.api.store.InstanceStore;
import io.cynodeai.connector.api.store.StaleResourceVersionException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Keeps instances in memory; they are lost when the process ends. Thread-safe. */
public final class InMemoryInstanceStore implements InstanceStore {
  private final ConcurrentHashMap<String, ConnectorInstance> instances = new ConcurrentHashMap<>();

  @Override
  public Optional<ConnectorInstance> find(String instanceId) {
    return Optional.ofNullable(instances.get(instanceId));
  }

  @Override
  public List<ConnectorInstance> list() {
    List<ConnectorInstance> all = new ArrayList<>(instances.values());
    all.sort(Comparator.comparing(ConnectorInstance::id));
    return all;
  }

  @Override
  public ConnectorInstance create(ConnectorInstance instance) {
    ConnectorInstance stored = instance.withResourceVersion(1);
    if (instances.putIfAbsent(instance.id(), stored) != null) {
      throw new DuplicateInstanceException(instance.id());
    }
    return stored;
  }

  @Override
  public ConnectorInstance replace(ConnectorInstance instance) {
    ConnectorInstance[] stored = new ConnectorInstance[1];
    instances.compute(instance.id(), (id, current) -> {
      long actual = current == null ? 0 : current.resourceVersion();
      if (current == null || actual != instance.resourceVersion()) {
        throw new StaleResourceVersionException(id, instance.resourceVersion(), actual);
      }
      stored[0] = instance.withResourceVersion(actual + 1);
      return stored[0];
    });
    return stored[0];
  }

  @Override
  public void updateStatus(String instanceId, StatusUpdate update) {
    instances.computeIfPresent(instanceId, (id, current) -> current.withStatusUpdate(update));
  }

  @Override
  public boolean purge(String instanceId) {
    ConnectorInstance current = instances.get(instanceId);
    return current != null && current.deleted() && instances.remove(instanceId, current);
  }
}
