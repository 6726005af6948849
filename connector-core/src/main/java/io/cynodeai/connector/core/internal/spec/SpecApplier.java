package io.cynodeai.connector.core.internal.spec;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.api.instance.ConcurrencyLimits;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.InstanceManager;
import io.cynodeai.connector.api.instance.InstanceStatus;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.instance.RateLimitPolicy;
import io.cynodeai.connector.api.spec.ConnectorSpec;
import io.cynodeai.connector.api.spec.CredentialsSpec;
import io.cynodeai.connector.api.spec.LimitsSpec;
import io.cynodeai.connector.api.spec.SpecBody;
import io.cynodeai.connector.api.store.InstanceStore;
import io.cynodeai.connector.api.store.StaleResourceVersionException;
import io.cynodeai.connector.core.internal.AuditEmitter;
import io.cynodeai.connector.core.internal.catalog.RegisteredType;
import io.cynodeai.connector.core.internal.catalog.TypeRegistry;
import io.cynodeai.connector.core.internal.credentials.SpecCredentialRefs;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Makes one instance match one validated spec through the {@link InstanceManager} (install, updateConfig,
 * enable, disable), writing directly to the store only what the manager has no verb for (a type-version
 * migration, the rate and concurrency limits, restoring a soft-deleted instance) and auditing those writes
 * itself. Also restores an instance snapshot when a batch is rolled back. Thread-safe; callers serialize per
 * engine.
 */
final class SpecApplier {
  private final InstanceManager manager;
  private final InstanceStore store;
  private final TypeRegistry types;
  private final AuditEmitter audit;
  private final Clock clock;
  private final PendingAuthorizations authorizations;
  private final @Nullable SpecCredentialRefs credentials;

  SpecApplier(InstanceManager manager, InstanceStore store, TypeRegistry types, AuditEmitter audit, Clock clock,
      PendingAuthorizations authorizations, @Nullable SpecCredentialRefs credentials) {
    this.credentials = credentials;
    this.manager = manager;
    this.store = store;
    this.types = types;
    this.audit = audit;
    this.clock = clock;
    this.authorizations = authorizations;
  }

  /**
   * Applies {@code spec} to {@code found}, the instance stored under its name (null when there is none); returns
   * null when the instance now matches the spec, or the refusal that stopped it. The spec's credential
   * references are staged meanwhile, so the health checks the apply runs lease with them.
   */
  @Nullable Failed apply(ConnectorSpec spec, @Nullable ConnectorInstance found, Caller caller) {
    if (credentials == null) {
      return applyStaged(spec, found, caller);
    }
    try (SpecCredentialRefs.Staged staged = credentials.stage(spec)) {
      return applyStaged(spec, found, caller);
    }
  }

  private @Nullable Failed applyStaged(ConnectorSpec spec, @Nullable ConnectorInstance found, Caller caller) {
    SpecBody body = spec.spec();
    RegisteredType type = types.resolve(body.type(), body.typeVersion()).orElseThrow();
    if (found == null) {
      LifecycleOutcome installed = manager.install(definition(spec), caller);
      if (installed instanceof LifecycleOutcome.Refused r) {
        return r.failure();
      }
      return converge(spec, ((LifecycleOutcome.Applied) installed).instance(), caller);
    }
    Failed failed = found.deleted() ? write("restore", caller, fresh(spec, type, found))
        : update(spec, type, found, caller);
    return failed != null ? failed : converge(spec, store.find(spec.name()).orElseThrow(), caller);
  }

  private @Nullable Failed update(ConnectorSpec spec, RegisteredType type, ConnectorInstance current,
      Caller caller) {
    SpecBody body = spec.spec();
    if (!current.connectorTypeVersion().equals(type.type().version())) {
      // within one major version only: the spec service refuses a move across majors (major_version_change)
      Failed f = write("migrate", caller, current.withTypeVersion(type.type().version(),
          type.type().configSchemaVersion(), body.config(), clock.instant()));
      if (f != null) {
        return f;
      }
    } else if (!current.config().equals(body.config())) {
      Failed f = outcome(manager.updateConfig(spec.name(), body.config(), caller));
      if (f != null) {
        return f;
      }
    }
    ConnectorInstance now = store.find(spec.name()).orElseThrow();
    ConnectorInstance wanted = SpecLimits.applied(now, body.limits(), clock.instant());
    String verb = SpecLimits.verb(now, wanted);
    return verb == null ? null : write(verb, caller, wanted);
  }

  /** Enables or disables the instance, stored as {@code now}, as the spec asks. */
  private @Nullable Failed converge(ConnectorSpec spec, ConnectorInstance now, Caller caller) {
    boolean enabled = SpecDiffer.enabled(now.status());
    boolean oauth = spec.spec().credentials() instanceof CredentialsSpec.OAuth;
    if (spec.spec().enabled() && oauth && now.status() == InstanceStatus.PENDING_AUTH
        && authorizations.find(spec.name()).isEmpty()) {
      return awaitAuthorization(spec, now, caller); // the pending state was lost (restart): ask again
    }
    if (spec.spec().enabled() && !enabled) {
      if (oauth && !authorizations.isAuthorized(spec.name())) {
        return awaitAuthorization(spec, now, caller);
      }
      return outcome(manager.enable(spec.name(), caller));
    }
    if (!spec.spec().enabled() && now.status() != InstanceStatus.DISABLED) {
      return outcome(manager.disable(spec.name(), caller));
    }
    return null;
  }

  /** Puts the instance in pending-auth with a fresh state and the connector's authorization URL (§19.7). */
  private @Nullable Failed awaitAuthorization(ConnectorSpec spec, ConnectorInstance now, Caller caller) {
    RegisteredType type = types.find(now.connectorType(), now.connectorTypeVersion()).orElseThrow();
    String state = PendingAuthorizations.newState();
    String url = type.type().interactiveAuthorization().orElseThrow().authorizationUrl(now.config(), state)
        .toString();
    authorizations.start(spec.name(), state, url);
    return write("await_authorization", caller, now.withStatus(InstanceStatus.PENDING_AUTH));
  }

  /** Enables an instance whose interactive authorization completed. */
  LifecycleOutcome enable(String name, Caller caller) {
    return manager.enable(name, caller);
  }

  /** Disables and soft-deletes the instance (a spec deletion). */
  LifecycleOutcome uninstall(String name, Caller caller) {
    return manager.uninstall(name, caller);
  }

  /** Puts a snapshot back (batch rollback); a null snapshot soft-deletes the instance the batch created. */
  void restore(String name, @Nullable ConnectorInstance snapshot, Caller caller) {
    Optional<ConnectorInstance> current = store.find(name);
    if (current.isEmpty()) {
      return;
    }
    if (snapshot == null) {
      if (!current.get().deleted()) {
        manager.uninstall(name, caller);
      }
      return;
    }
    write("rollback", caller, snapshot.withResourceVersion(current.get().resourceVersion()));
  }

  private @Nullable Failed write(String verb, Caller caller, ConnectorInstance next) {
    AuditEvent.Builder event = AuditEvent.builder(AuditEventType.LIFECYCLE, clock.instant()).action(verb)
        .caller(caller.userId(), caller.projectId()).instance(next.id(), next.connectorType())
        .detail("source", "spec");
    try {
      ConnectorInstance stored = store.replace(next);
      audit.emit(event.succeeded().detail("status", stored.status().wireName())
          .detail("resource_version", Long.toString(stored.resourceVersion())).build());
      return null;
    } catch (StaleResourceVersionException e) {
      Failed f = Failed.of(FailureClass.VALIDATION_ERROR, "conflict", e.getMessage());
      audit.emit(event.failed(f.failureClass(), f.code()).build());
      return f;
    }
  }

  private ConnectorInstance fresh(ConnectorSpec spec, RegisteredType type, ConnectorInstance deleted) {
    Instant now = clock.instant();
    return new ConnectorInstance(spec.name(), type.name(), type.type().version(), type.type().configSchemaVersion(),
        spec.spec().config(), spec.metadata().owner(), spec.metadata().projectId(), InstanceStatus.PROVISIONING,
        null, null, null, rateLimit(spec.spec().limits()), now, now, null, deleted.resourceVersion(),
        SpecLimits.concurrency(spec.spec().limits(), deleted.concurrencyLimits()));
  }

  static InstanceDefinition definition(ConnectorSpec spec) {
    return InstanceDefinition.builder(spec.name(), spec.spec().type()).typeVersion(spec.spec().typeVersion())
        .config(spec.spec().config()).owner(spec.metadata().owner()).projectId(spec.metadata().projectId())
        .rateLimitPolicy(rateLimit(spec.spec().limits()))
        .concurrencyLimits(SpecLimits.concurrency(spec.spec().limits(), ConcurrencyLimits.defaults())).build();
  }

  static RateLimitPolicy rateLimit(@Nullable LimitsSpec limits) {
    if (limits == null || limits.rateLimit() == null) {
      return RateLimitPolicy.unlimited();
    }
    return RateLimitPolicy.of(limits.rateLimit().rps(), limits.rateLimit().burst());
  }

  private static @Nullable Failed outcome(LifecycleOutcome outcome) {
    return outcome instanceof LifecycleOutcome.Refused r ? r.failure() : null;
  }
}
