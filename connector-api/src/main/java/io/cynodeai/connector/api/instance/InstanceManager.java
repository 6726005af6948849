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

  /**
   * Validates the configuration, runs the connector's health check, and activates the instance. A failing
   * check still stores the instance, as {@code error} or {@code credential_expired}: the outcome is {@link
   * LifecycleOutcome.Applied} and its {@link LifecycleOutcome.Applied#unhealthy()} says why the instance
   * cannot serve calls (the audit event's {@code unhealthy} detail names the code).
   */
  LifecycleOutcome enable(String instanceId, Caller caller);

  /**
   * Runs the connector's health check now, for an enabled instance (status {@code active}, {@code error} or
   * {@code credential_expired}), and sets the status it finds: {@code active} when it passes (clearing {@code
   * last_error}), {@code credential_expired} when the provider rejects the credentials, {@code error}
   * otherwise. The way back after fixing a password, a certificate or a server, without disabling. Governed
   * like {@link #enable}: authorized for {@code connector.instance.manage}, owner-only under the tenancy rules,
   * the config validated, audited as {@code check}. A disabled or provisioning instance is refused ({@code
   * instance_not_enabled}: enabling it runs the check); a failing check is still {@link LifecycleOutcome.Applied},
   * its instance carrying the new status and {@code last_error}, and {@link LifecycleOutcome.Applied#unhealthy()}
   * saying why.
   */
  LifecycleOutcome check(String instanceId, Caller caller);

  /** Stops the instance from accepting calls. */
  LifecycleOutcome disable(String instanceId, Caller caller);

  /** Disables and soft-deletes the instance. */
  LifecycleOutcome uninstall(String instanceId, Caller caller);

  /**
   * Moves the instance to another version of its connector type, keeping its configuration: the explicit step
   * a move across a major version needs (docs/compatibility.md); a spec apply that would cross a major version
   * is refused ({@code major_version_change}) until this was done. {@code targetVersion} is a pin ("2",
   * "2.1", "2.1.0"): the newest registered version matching it is used ({@code unknown_connector_type} when
   * there is none). The configuration is validated against the target version's config schema ({@code
   * invalid_config}, nothing changed); an enabled instance is health-checked on the new version. Authorized
   * for {@code connector.instance.manage}, owner-only under the tenancy rules, audited as {@code migrate}.
   */
  LifecycleOutcome migrate(String instanceId, String targetVersion, Caller caller);

  /**
   * {@link #migrate(String, String, Caller)} with a new configuration, for a major version whose config
   * schema the current configuration does not satisfy. Both change in one write or not at all.
   */
  LifecycleOutcome migrate(String instanceId, String targetVersion, JsonNode config, Caller caller);

  /** The instance, if it exists, is not deleted and the caller may read it. */
  Optional<ConnectorInstance> get(String instanceId, Caller caller);

  /** The instances the caller may read. */
  List<ConnectorInstance> list(Caller caller);
}
