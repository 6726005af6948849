package io.cynodeai.connector.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.instance.CredentialService;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.InstanceManager;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.spec.ConnectorSpec;
import io.cynodeai.connector.api.spec.SpecOutcome;
import io.cynodeai.connector.api.spec.SpecProgress;
import io.cynodeai.connector.api.spec.SpecService;
import io.cynodeai.connector.api.spec.SpecSource;
import io.cynodeai.connector.api.spec.SpecStatus;
import io.cynodeai.connector.api.spec.SpecValidation;
import io.cynodeai.connector.api.store.StoreException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public services whose outcomes have a refusal answer a store that cannot answer (a database outage, a
 * store call past its {@link StoreTimeout}) with that refusal, {@code transient} / {@code store_unavailable},
 * instead of throwing {@link StoreException}: every lifecycle call of {@link InstanceManager} and {@link
 * CredentialService}, and the spec calls that return a {@link SpecOutcome}. Reads that answer an {@code Optional}
 * or a {@code List} ({@code get}, {@code list}, {@code status}) have no refusal to answer with and still throw.
 * Stateless; thread-safe as the services they wrap.
 */
public final class StoreOutages {
  private static final Logger LOG = LoggerFactory.getLogger(StoreOutages.class);

  private StoreOutages() {}

  /** The failure of a call the store could not answer; the change was not made, or is not known to be. */
  public static Failed unavailable(String what) {
    return Failed.of(FailureClass.TRANSIENT, "store_unavailable",
        "the store is unavailable; " + what + " may not have been done: try again");
  }

  private static LifecycleOutcome lifecycle(String what, String instanceId, Supplier<LifecycleOutcome> call) {
    try {
      return call.get();
    } catch (StoreException e) {
      LOG.warn("the store could not answer the {} of instance {}: {}", what, instanceId, e.getMessage());
      return new LifecycleOutcome.Refused(unavailable("the " + what + " of instance '" + instanceId + "'"));
    }
  }

  private static SpecOutcome spec(String what, Supplier<SpecOutcome> call) {
    try {
      return call.get();
    } catch (StoreException e) {
      LOG.warn("the store could not answer {}: {}", what, e.getMessage());
      return new SpecOutcome.Refused(unavailable(what), List.of());
    }
  }

  /** {@code delegate} with its lifecycle calls answering an outage as a refusal. */
  public static InstanceManager instances(InstanceManager delegate) {
    return new InstanceManager() {
      @Override
      public LifecycleOutcome install(InstanceDefinition definition, Caller caller) {
        return lifecycle("install", definition.instanceId(), () -> delegate.install(definition, caller));
      }

      @Override
      public LifecycleOutcome updateConfig(String instanceId, JsonNode config, Caller caller) {
        return lifecycle("config update", instanceId, () -> delegate.updateConfig(instanceId, config, caller));
      }

      @Override
      public LifecycleOutcome enable(String instanceId, Caller caller) {
        return lifecycle("enable", instanceId, () -> delegate.enable(instanceId, caller));
      }

      @Override
      public LifecycleOutcome check(String instanceId, Caller caller) {
        return lifecycle("check", instanceId, () -> delegate.check(instanceId, caller));
      }

      @Override
      public LifecycleOutcome disable(String instanceId, Caller caller) {
        return lifecycle("disable", instanceId, () -> delegate.disable(instanceId, caller));
      }

      @Override
      public LifecycleOutcome uninstall(String instanceId, Caller caller) {
        return lifecycle("uninstall", instanceId, () -> delegate.uninstall(instanceId, caller));
      }

      @Override
      public LifecycleOutcome migrate(String instanceId, String targetVersion, Caller caller) {
        return lifecycle("migrate", instanceId, () -> delegate.migrate(instanceId, targetVersion, caller));
      }

      @Override
      public LifecycleOutcome migrate(String instanceId, String targetVersion, JsonNode config, Caller caller) {
        return lifecycle("migrate", instanceId, () -> delegate.migrate(instanceId, targetVersion, config, caller));
      }

      @Override
      public Optional<ConnectorInstance> get(String instanceId, Caller caller) {
        return delegate.get(instanceId, caller);
      }

      @Override
      public List<ConnectorInstance> list(Caller caller) {
        return delegate.list(caller);
      }
    };
  }

  /** {@code delegate} with its rotation and revocation answering an outage as a refusal. */
  public static CredentialService credentials(CredentialService delegate) {
    return new CredentialService() {
      @Override
      public LifecycleOutcome rotated(String instanceId, Caller caller) {
        return lifecycle("rotation", instanceId, () -> delegate.rotated(instanceId, caller));
      }

      @Override
      public LifecycleOutcome revoked(String instanceId, Caller caller) {
        return lifecycle("revocation", instanceId, () -> delegate.revoked(instanceId, caller));
      }
    };
  }

  /** {@code delegate} with the calls that answer a {@link SpecOutcome} answering an outage as a refusal. */
  public static SpecService specs(SpecService delegate) {
    return new SpecService() {
      @Override
      public SpecValidation validate(SpecSource source) {
        return delegate.validate(source);
      }

      @Override
      public SpecOutcome diff(SpecSource source, Caller caller) {
        return spec("the diff", () -> delegate.diff(source, caller));
      }

      @Override
      public SpecOutcome apply(SpecSource source, Caller caller) {
        return spec("the apply", () -> delegate.apply(source, caller));
      }

      @Override
      public SpecOutcome apply(SpecSource source, Caller caller, SpecProgress progress) {
        return spec("the apply", () -> delegate.apply(source, caller, progress));
      }

      @Override
      public List<ConnectorSpec> list(Caller caller) {
        return delegate.list(caller);
      }

      @Override
      public Optional<ConnectorSpec> get(String name, Caller caller) {
        return delegate.get(name, caller);
      }

      @Override
      public SpecOutcome delete(String name, Caller caller) {
        return spec("the delete of spec '" + name + "'", () -> delegate.delete(name, caller));
      }

      @Override
      public Optional<SpecStatus> status(String name, Caller caller) {
        return delegate.status(name, caller);
      }

      @Override
      public SpecOutcome reconcile(Caller caller) {
        return spec("the reconcile", () -> delegate.reconcile(caller));
      }

      @Override
      public SpecOutcome completeAuthorization(String name, String state, Caller caller) {
        return spec("the authorization of spec '" + name + "'",
            () -> delegate.completeAuthorization(name, state, caller));
      }
    };
  }
}
