package io.cynodeai.connector.api.instance;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.Caller;
import java.util.List;
import java.util.Optional;

/**
 * The instance lifecycle (§3.2, §19.2.1): install → enable → disable → uninstall. Configuration is
 * validated against the connector type's config schema at install, update and enable; an invalid
 * configuration is refused with every violation located by JSON Pointer, and never enabled.
 *
 * <p>Every method authorizes the caller for {@code connector.instance.manage} (or {@code
 * connector.operation.read} for reads), emits an audit event, and returns a {@link LifecycleOutcome} rather
 * than throwing for refusals. Thread-safe.
 */
public interface InstanceManager {

  /** Creates an instance in status {@code provisioning}. */
  LifecycleOutcome install(InstanceDefinition definition, Caller caller);

  /** Replaces an instance's configuration; an enabled instance stays enabled only if the new one is valid. */
  LifecycleOutcome updateConfig(String instanceId, JsonNode config, Caller caller);

  /** Validates the configuration, runs the connector's health check, and activates the instance. */
  LifecycleOutcome enable(String instanceId, Caller caller);

  /** Stops the instance from accepting calls. */
  LifecycleOutcome disable(String instanceId, Caller caller);

  /** Disables and soft-deletes the instance. */
  LifecycleOutcome uninstall(String instanceId, Caller caller);

  /** The instance, if it exists, is not deleted and the caller may read it. */
  Optional<ConnectorInstance> get(String instanceId, Caller caller);

  /** The instances the caller may read. */
  List<ConnectorInstance> list(Caller caller);
}
