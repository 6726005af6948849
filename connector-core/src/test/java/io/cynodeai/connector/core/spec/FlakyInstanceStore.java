package io.cynodeai.connector.core.spec;

import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.instance.StatusUpdate;
import io.cynodeai.connector.api.store.InstanceStore;
import io.cynodeai.connector.api.store.StaleResourceVersionException;
import io.cynodeai.connector.core.store.InMemoryInstanceStore;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** An in-memory store that can refuse the next replace of one instance, as a concurrent writer would. */
final class FlakyInstanceStore implements InstanceStore {
  private final InMemoryInstanceStore delegate = new InMemoryInstanceStore();
  volatile @Nullable String failNextReplaceOf;

  @Override
  public Optional<ConnectorInstance> find(String instanceId) {
    return delegate.find(instanceId);
  }

  @Override
  public List<ConnectorInstance> list() {
    return delegate.list();
  }

  @Override
  public ConnectorInstance create(ConnectorInstance instance) {
    return delegate.create(instance);
  }

  @Override
  public ConnectorInstance replace(ConnectorInstance instance) {
    if (instance.id().equals(failNextReplaceOf)) {
      failNextReplaceOf = null;
      throw new StaleResourceVersionException(instance.id(), instance.resourceVersion(),
          instance.resourceVersion() + 1);
    }
    return delegate.replace(instance);
  }

  @Override
  public void updateStatus(String instanceId, StatusUpdate update) {
    delegate.updateStatus(instanceId, update);
  }
}
