package io.cynodeai.connector.core.internal.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.Violation;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.InstanceManager;
import io.cynodeai.connector.api.instance.InstanceStatus;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.policy.Action;
import io.cynodeai.connector.api.policy.PolicyContext;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.api.store.CredentialWiper;
import io.cynodeai.connector.api.store.CursorStore;
import io.cynodeai.connector.api.store.DuplicateInstanceException;
import io.cynodeai.connector.api.store.InstanceStore;
import io.cynodeai.connector.api.store.StaleResourceVersionException;
import io.cynodeai.connector.core.internal.AuditEmitter;
import io.cynodeai.connector.core.internal.PolicyGate;
import io.cynodeai.connector.core.internal.catalog.RegisteredType;
import io.cynodeai.connector.core.internal.schema.CompiledSchema;
import io.cynodeai.connector.core.internal.schema.UrlPasswords;
import io.cynodeai.connector.core.internal.catalog.TypeRegistry;
import io.cynodeai.connector.core.internal.resilience.InstanceBreakers;
import io.cynodeai.connector.core.internal.catalog.CatalogGate;
import io.cynodeai.connector.core.internal.catalog.CertificationGate;
import io.cynodeai.connector.core.internal.tenancy.CredentialEraser;
import io.cynodeai.connector.core.internal.tenancy.TenantBoundary;
import io.cynodeai.connector.spi.HealthResult;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instance lifecycle (§3.2, §4): install → enable → disable → uninstall (soft delete), with config
 * validated at install, update and enable, a health check on enable, and an audit event for every request,
 * refused or not. The tenancy rules (§12) are applied before anything else: an instance out of the caller's
 * reach is answered like one that does not exist, and uninstalling wipes the instance's credentials. Thread-safe; concurrent changes of one instance are serialized by its resource version.
 */
public final class DefaultInstanceManager implements InstanceManager {
  private final InstanceStore store;
  private final TypeRegistry types;
  private final PolicyEngine policy;
  private final HealthChecker health;
  private final InstanceBreakers breakers;
  private final AuditEmitter audit;
  private final Clock clock;
  private final TenantBoundary boundary;
  private final CredentialEraser credentials;
  private final CursorStore cursors;
  private final CertificationGate certification;
  private final CatalogGate catalog;
  private static final Logger LOG = LoggerFactory.getLogger(DefaultInstanceManager.class);

  public DefaultInstanceManager(InstanceStore store, TypeRegistry types, PolicyEngine policy,
      HealthChecker health, InstanceBreakers breakers, AuditEmitter audit, Clock clock, TenantBoundary boundary,
      CredentialWiper wiper, CursorStore cursors, CertificationGate certification, CatalogGate catalog) {
    this.store = store;
    this.types = types;
    this.policy = policy;
    this.health = health;
    this.breakers = breakers;
    this.audit = audit;
    this.clock = clock;
    this.boundary = boundary;
    this.credentials = new CredentialEraser(wiper, audit, clock);
    this.cursors = cursors;
    this.certification = certification;
    this.catalog = catalog;
  }

  @Override
  public LifecycleOutcome install(InstanceDefinition def, Caller caller) {
    Objects.requireNonNull(def, "definition");
    Objects.requireNonNull(caller, "caller");
    Request req = new Request("install", def.instanceId(), def.connectorType(), caller);
    Failed denied = authorize(req, Action.INSTANCE_MANAGE);
    if (denied != null) {
      return rejected(req, denied);
    }
    String outOfBounds = boundary.cannotInstall(def.owner(), def.projectId(), caller);
    if (outOfBounds != null) {
      return rejected(req, Failed.of(FailureClass.POLICY_DENIED, "tenant_boundary", outOfBounds));
    }
    Optional<RegisteredType> type = types.resolve(def.connectorType(), def.typeVersion());
    if (type.isEmpty()) {
      return rejected(req, Failed.of(FailureClass.VALIDATION_ERROR, "unknown_connector_type", "no connector type '"
          + def.connectorType() + "'" + (def.typeVersion() == null ? "" : " matching version " + def.typeVersion())
          + " is registered"));
    }
    Failed invalid = validateConfig(type.get(), def.config());
    if (invalid == null) {
      invalid = catalog.check(CatalogGate.Use.INSTALL, type.get().type(), def.projectId(), def.owner(), caller);
    }
    if (invalid != null) {
      return rejected(req, invalid);
    }
    Instant now = clock.instant();
    ConnectorInstance instance = new ConnectorInstance(def.instanceId(), def.connectorType(),
        type.get().type().version(), type.get().type().configSchemaVersion(), def.config(), def.owner(),
        def.projectId(), InstanceStatus.PROVISIONING, null, null, null, def.rateLimitPolicy(), now, now, null, 0,
        def.concurrencyLimits());
    try {
      return applied(req, null, store.create(instance));
    } catch (DuplicateInstanceException e) {
      return rejected(req, Failed.of(FailureClass.VALIDATION_ERROR, "instance_exists", e.getMessage()));
    }
  }

  @Override
  public LifecycleOutcome updateConfig(String instanceId, JsonNode config, Caller caller) {
    Objects.requireNonNull(config, "config");
    return change("update", instanceId, caller, (current, type) -> {
      Failed invalid = validateConfig(type, config);
      if (invalid != null) {
        return invalid;
      }
      ConnectorInstance next = current.withConfig(config, type.type().configSchemaVersion(), clock.instant());
      return isEnabled(current) ? checked(next, caller) : next;
    });
  }

  @Override
  public LifecycleOutcome enable(String instanceId, Caller caller) {
    return change("enable", instanceId, caller, (current, type) -> {
      Failed invalid = validateConfig(type, current.config());
      if (invalid != null) {
        return invalid;
      }
      Failed uncertified = certification.check(type.type());
      if (uncertified == null) {
        uncertified = catalog.check(CatalogGate.Use.ENABLE, type.type(), current.projectId(), current.owner(),
            caller);
      }
      if (uncertified != null) {
        return uncertified;
      }
      breakers.reset(instanceId);
      return checked(current, caller);
    });
  }

  @Override
  public LifecycleOutcome check(String instanceId, Caller caller) {
    return change("check", instanceId, caller, (current, type) -> {
      if (!isEnabled(current)) {
        return Failed.of(FailureClass.VALIDATION_ERROR, "instance_not_enabled", "instance " + instanceId
            + " is " + current.status().wireName() + ": enable it (enabling runs the health check)");
      }
      Failed invalid = validateConfig(type, current.config());
      if (invalid != null) {
        return invalid;
      }
      ConnectorInstance next = checked(current, caller);
      if (next.status() == InstanceStatus.ACTIVE) {
        breakers.reset(instanceId);
      }
      return next;
    });
  }

  @Override
  public LifecycleOutcome disable(String instanceId, Caller caller) {
    return change("disable", instanceId, caller, (current, type) -> current.withStatus(InstanceStatus.DISABLED));
  }

  @Override
  public LifecycleOutcome uninstall(String instanceId, Caller caller) {
    LifecycleOutcome out = change("uninstall", instanceId, caller, (current, type) -> {
      breakers.reset(instanceId);
      return current.withStatus(InstanceStatus.DISABLED).withDeletedAt(clock.instant());
    });
    if (out instanceof LifecycleOutcome.Applied) {
      credentials.erase(instanceId, caller.userId(), caller.projectId());
      forgetCursors(instanceId);
    }
    return out;
  }

  @Override
  public LifecycleOutcome migrate(String instanceId, String targetVersion, Caller caller) {
    return migrateTo(instanceId, targetVersion, null, caller);
  }

  @Override
  public LifecycleOutcome migrate(String instanceId, String targetVersion, JsonNode config, Caller caller) {
    return migrateTo(instanceId, targetVersion, Objects.requireNonNull(config, "config"), caller);
  }

  /** Moves to the newest registered version matching the pin, with {@code config} or the current one. */
  private LifecycleOutcome migrateTo(String instanceId, String targetVersion, @Nullable JsonNode config,
      Caller caller) {
    Objects.requireNonNull(targetVersion, "targetVersion");
    return change("migrate", instanceId, caller, (current, type) -> {
      Optional<RegisteredType> target = types.resolve(current.connectorType(), targetVersion);
      if (target.isEmpty()) {
        return Failed.of(FailureClass.VALIDATION_ERROR, "unknown_connector_type", "no connector type '"
            + current.connectorType() + "' matching version " + targetVersion + " is registered");
      }
      JsonNode wanted = config != null ? config : current.config();
      Failed invalid = validateConfig(target.get(), wanted);
      if (invalid == null) { // the target version is new to this instance: the catalog judges it like an install
        invalid = catalog.check(CatalogGate.Use.INSTALL, target.get().type(), current.projectId(), current.owner(),
            caller);
      }
      if (invalid == null && isEnabled(current)) {
        invalid = certification.check(target.get().type());
      }
      if (invalid != null) {
        return invalid;
      }
      ConnectorInstance next = current.withTypeVersion(target.get().type().version(),
          target.get().type().configSchemaVersion(), wanted, clock.instant());
      return isEnabled(current) ? checked(next, caller) : next;
    });
  }

  /** An uninstalled instance's polling position goes with it; a store failure leaves it to the next uninstall. */
  private void forgetCursors(String instanceId) {
    try {
      cursors.deleteAll(instanceId);
    } catch (RuntimeException e) {
      LOG.warn("deleting the cursors of uninstalled instance {} failed ({})", instanceId, e.getClass().getName());
    }
  }

  @Override
  public Optional<ConnectorInstance> get(String instanceId, Caller caller) {
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(caller, "caller");
    return store.find(instanceId).filter(i -> !i.deleted())
        .filter(i -> boundary.reachable(i, caller, Action.OPERATION_READ)).filter(i -> mayRead(i, caller));
  }

  @Override
  public List<ConnectorInstance> list(Caller caller) {
    Objects.requireNonNull(caller, "caller");
    return store.list().stream().filter(i -> !i.deleted())
        .filter(i -> boundary.reachable(i, caller, Action.OPERATION_READ)).filter(i -> mayRead(i, caller)).toList();
  }

  private boolean mayRead(ConnectorInstance instance, Caller caller) {
    return PolicyGate.evaluate(policy, context(Action.OPERATION_READ, instance.id(), instance.connectorType(),
        caller)).allowed();
  }

  /**
   * Runs the health check and derives the status an enabled instance should have; the check's time and error
   * are stored by the write that follows (the change's one replace), not separately. A passing check clears
   * {@code last_error}: whatever it recorded is resolved.
   */
  private ConnectorInstance checked(ConnectorInstance instance, Caller caller) {
    HealthChecker.Probe probe = health.probe(instance, caller.userId());
    HealthResult result = probe.result();
    InstanceStatus status = result instanceof HealthResult.Healthy ? InstanceStatus.ACTIVE
        : result instanceof HealthResult.CredentialsRejected ? InstanceStatus.CREDENTIAL_EXPIRED
        : InstanceStatus.ERROR;
    ConnectorInstance next = instance.withStatus(status).withStatusUpdate(probe.update());
    return status == InstanceStatus.ACTIVE ? next.withoutLastError() : next;
  }

  private static boolean isEnabled(ConnectorInstance instance) {
    return instance.status() != InstanceStatus.DISABLED && instance.status() != InstanceStatus.PROVISIONING;
  }

  /** A change to an existing instance: load, authorize, compute, store with optimistic concurrency, audit. */
  private LifecycleOutcome change(String verb, String instanceId, Caller caller, Change change) {
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(caller, "caller");
    Optional<ConnectorInstance> found = store.find(instanceId).filter(i -> !i.deleted())
        .filter(i -> boundary.reachable(i, caller, Action.INSTANCE_MANAGE));
    Request req = new Request(verb, instanceId, found.map(ConnectorInstance::connectorType).orElse(null), caller);
    Failed denied = authorize(req, Action.INSTANCE_MANAGE);
    if (denied != null) {
      return rejected(req, denied);
    }
    if (found.isEmpty()) {
      return rejected(req, Failed.of(FailureClass.VALIDATION_ERROR, "unknown_instance",
          TenantBoundary.unknownInstance(instanceId)));
    }
    ConnectorInstance current = found.get();
    String notOwner = boundary.cannotManage(current, caller);
    if (notOwner != null) {
      return rejected(req, Failed.of(FailureClass.POLICY_DENIED, "not_owner", notOwner));
    }
    Optional<RegisteredType> type = types.find(current.connectorType(), current.connectorTypeVersion());
    if (type.isEmpty()) {
      return rejected(req, Failed.of(FailureClass.PERMANENT, "type_unavailable", "connector type "
          + current.connectorType() + "@" + current.connectorTypeVersion() + " is not registered in this engine"));
    }
    Object next = change.apply(current, type.get());
    if (next instanceof Failed f) {
      return rejected(req, f);
    }
    try {
      return applied(req, current.status(), store.replace((ConnectorInstance) next),
          current.connectorTypeVersion());
    } catch (StaleResourceVersionException e) {
      return rejected(req, Failed.of(FailureClass.VALIDATION_ERROR, "conflict", e.getMessage()));
    }
  }

  private static @Nullable Failed validateConfig(RegisteredType type, JsonNode config) {
    // config refusals quote no value: a value in the wrong place may be a secret, and refusals are audited
    List<Violation> violations = new java.util.ArrayList<>(UrlPasswords.find(config));
    violations.addAll(type.configSchema().validate(config, CompiledSchema.Echo.NAMES));
    if (violations.isEmpty()) {
      return null;
    }
    return Failed.validation("invalid_config", "the config does not match the config schema of "
        + type.type().coordinates() + " (version " + type.type().configSchemaVersion() + "): "
        + violations.size() + " violation(s): " + violations, violations);
  }

  private @Nullable Failed authorize(Request req, Action action) {
    PolicyGate.Verdict verdict = PolicyGate.authorize(policy, context(action, req.instanceId, req.type, req.caller));
    req.decision = verdict.decision();
    return verdict.refusal();
  }

  private static PolicyContext context(Action action, String instanceId, @Nullable String type, Caller caller) {
    return new PolicyContext(action, caller.userId(), caller.groupIds(), caller.projectId(), instanceId, type,
        null, null);
  }

  private LifecycleOutcome rejected(Request req, Failed failure) {
    audit.emit(event(req).failed(failure.failureClass(), failure.code()).build());
    return new LifecycleOutcome.Refused(failure);
  }

  private LifecycleOutcome applied(Request req, @Nullable InstanceStatus from, ConnectorInstance stored) {
    return applied(req, from, stored, stored.connectorTypeVersion());
  }

  private LifecycleOutcome applied(Request req, @Nullable InstanceStatus from, ConnectorInstance stored,
      String versionBefore) {
    AuditEvent.Builder event = event(req).succeeded().detail("status", stored.status().wireName())
        .detail("resource_version", Long.toString(stored.resourceVersion()));
    if (from != null && from != stored.status()) {
      event.detail("status_from", from.wireName());
    }
    if (!versionBefore.equals(stored.connectorTypeVersion())) {
      event.detail("type_version_from", versionBefore).detail("type_version_to", stored.connectorTypeVersion());
    }
    LifecycleOutcome.Applied applied = new LifecycleOutcome.Applied(stored);
    applied.unhealthy().ifPresent(problem -> event.detail("unhealthy", problem.code()));
    audit.emit(event.build());
    return applied;
  }

  private AuditEvent.Builder event(Request req) {
    return AuditEvent.builder(AuditEventType.LIFECYCLE, clock.instant())
        .action(req.verb)
        .caller(req.caller.userId(), req.caller.projectId())
        .instance(req.instanceId, req.type)
        .policyDecision(req.decision);
  }

  /** Computes the next instance, or a refusal. */
  @FunctionalInterface
  private interface Change {
    Object apply(ConnectorInstance current, RegisteredType type);
  }

  private static final class Request {
    final String verb;
    final String instanceId;
    final @Nullable String type;
    final Caller caller;
    @Nullable String decision;

    Request(String verb, String instanceId, @Nullable String type, Caller caller) {
      this.verb = verb;
      this.instanceId = instanceId;
      this.type = type;
      this.caller = caller;
    }
  }
}
