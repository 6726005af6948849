package io.cynodeai.connector.core.internal.lifecycle;

import io.cynodeai.connector.core.internal.ActingUser;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.instance.InstanceError;
import io.cynodeai.connector.api.instance.StatusUpdate;
import io.cynodeai.connector.api.store.InstanceStore;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.core.credentials.CredentialUnavailableException;
import io.cynodeai.connector.core.credentials.CredentialVault;
import io.cynodeai.connector.core.egress.EgressDeniedException;
import io.cynodeai.connector.core.internal.AuditEmitter;
import io.cynodeai.connector.core.internal.catalog.RegisteredType;
import io.cynodeai.connector.core.internal.catalog.TypeRegistry;
import io.cynodeai.connector.core.internal.context.SimpleConnectorContext;
import io.cynodeai.connector.spi.CredentialAccess;
import io.cynodeai.connector.spi.HealthResult;
import io.cynodeai.connector.spi.NetworkAccess;
import io.cynodeai.connector.spi.ProviderException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Runs a connector's health check on a handler thread, bounded by the engine's health-check timeout,
 * records {@code health_checked_at} (and {@code last_error} on failure), and audits the result. Thread-safe.
 */
public final class HealthChecker {
  private final TypeRegistry types;
  private final InstanceStore instances;
  private final ExecutorService threads;
  private final Duration timeout;
  private final Clock clock;
  private final Function<ConnectorInstance, NetworkAccess> network;
  private final AuditEmitter audit;
  private final Function<ConnectorInstance, CredentialVault.Scope> credentials;

  public HealthChecker(TypeRegistry types, InstanceStore instances, ExecutorService threads, Duration timeout,
      Clock clock, Function<ConnectorInstance, NetworkAccess> network,
      Function<ConnectorInstance, CredentialVault.Scope> credentials, AuditEmitter audit) {
    this.types = types;
    this.instances = instances;
    this.threads = threads;
    this.timeout = timeout;
    this.clock = clock;
    this.network = network;
    this.audit = audit;
    this.credentials = credentials;
  }

  /**
   * Checks the instance for {@code actor} (the user whose request runs it, or {@link ActingUser#SYSTEM}) and
   * records the result (without changing its status).
   */
  public HealthResult check(ConnectorInstance instance, String actor) {
    Probe probe = probe(instance, actor);
    instances.updateStatus(instance.id(), probe.update());
    return probe.result();
  }

  /**
   * Checks the instance and audits the result, leaving the recording to the caller: {@link Probe#update()} is
   * what {@link #check} would have written ({@code health_checked_at}, and {@code last_error} on failure). For
   * a caller that writes the instance right after anyway (enable), so the result is stored in that one write.
   */
  public Probe probe(ConnectorInstance instance, String actor) {
    long start = System.nanoTime();
    HealthResult result = run(instance, actor);
    Instant now = clock.instant();
    StatusUpdate update = new StatusUpdate(null, null, null, now);
    if (!(result instanceof HealthResult.Healthy)) {
      update = update.withLastError(new InstanceError("health_check_failed", reason(result), now));
    }
    AuditEvent.Builder event = AuditEvent.builder(AuditEventType.HEALTH_CHECK, now)
        .action("health_check")
        .caller(actor, instance.projectId())
        .instance(instance.id(), instance.connectorType())
        .durationMs(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
        .detail("result", reason(result));
    if (result instanceof HealthResult.Healthy) {
      event.succeeded();
    } else {
      event.failed(result instanceof HealthResult.CredentialsRejected ? FailureClass.PERMANENT
          : FailureClass.TRANSIENT, result instanceof HealthResult.CredentialsRejected
          ? "credentials_rejected" : "unhealthy");
    }
    audit.emit(event.build());
    return new Probe(result, update);
  }

  /** A health check's result and the status fields it sets. */
  public record Probe(HealthResult result, StatusUpdate update) {}

  private HealthResult run(ConnectorInstance instance, String actor) {
    RegisteredType type = types.find(instance.connectorType(), instance.connectorTypeVersion()).orElse(null);
    if (type == null) {
      return HealthResult.unhealthy("connector type " + instance.connectorType() + "@"
          + instance.connectorTypeVersion() + " is not registered");
    }
    try (CredentialVault.Scope creds = credentials.apply(instance)) {
      return scrubbed(run(type, instance, creds, actor), creds);
    }
  }

  /** The result with every leased secret its text quotes scrubbed: it is stored and audited (§8). */
  private static HealthResult scrubbed(HealthResult result, CredentialVault.Scope creds) {
    if (result instanceof HealthResult.Healthy h) {
      String clean = creds.scrub(h.detail());
      return clean == h.detail() ? result : new HealthResult.Healthy(clean);
    }
    if (result instanceof HealthResult.Unhealthy u) {
      String clean = creds.scrub(u.reason());
      return clean == u.reason() ? result : new HealthResult.Unhealthy(clean);
    }
    HealthResult.CredentialsRejected r = (HealthResult.CredentialsRejected) result;
    String clean = creds.scrub(r.reason());
    return clean == r.reason() ? result : new HealthResult.CredentialsRejected(clean);
  }

  private HealthResult run(RegisteredType type, ConnectorInstance instance, CredentialAccess creds,
      String actor) {
    SimpleConnectorContext context = new SimpleConnectorContext(instance.id(), instance.config(), clock,
        System.getLogger("io.cynodeai.connector.type." + type.name()), clock.instant().plus(timeout),
        creds, network.apply(instance));
    Future<HealthResult> future = threads.submit(() -> ActingUser.as(actor,
        () -> type.type().healthCheck().check(context)));
    try {
      HealthResult result = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return result != null ? result : HealthResult.unhealthy("health check returned no result");
    } catch (TimeoutException e) {
      future.cancel(true);
      return HealthResult.unhealthy("health check timed out after " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      return HealthResult.unhealthy("health check interrupted");
    } catch (ExecutionException e) {
      return thrown(e.getCause());
    }
  }

  /**
   * What a health check's exception says, worded as an invocation's failure would be: an egress refusal
   * anywhere in the cause chain is the guard's message, as an {@code egress_denied} call failure carries it
   * ("egress denied: ..."), a {@link ProviderException} is its code and message (credentials rejected when it
   * says so), an unavailable credential its message; anything else only its type.
   */
  static HealthResult thrown(Throwable cause) {
    EgressDeniedException denied = egressDenial(cause);
    if (denied != null) {
      return HealthResult.unhealthy(denied.getMessage()); // names hosts, never secrets
    }
    if (cause instanceof CredentialUnavailableException) {
      return HealthResult.unhealthy(cause.getMessage()); // names references, never secrets
    }
    if (cause instanceof ProviderException pe) {
      return pe.kind() == ProviderException.Kind.AUTH_REJECTED ? HealthResult.credentialsRejected(pe.getMessage())
          : HealthResult.unhealthy(pe.code() + ": " + pe.getMessage());
    }
    return HealthResult.unhealthy("health check failed (" + cause.getClass().getSimpleName() + ")");
  }

  private static @Nullable EgressDeniedException egressDenial(Throwable thrown) {
    int depth = 0;
    for (Throwable t = thrown; t != null && depth < 32; t = t.getCause() == t ? null : t.getCause(), depth++) {
      if (t instanceof EgressDeniedException e) {
        return e;
      }
    }
    return null;
  }

  static String reason(HealthResult result) {
    if (result instanceof HealthResult.Healthy h) {
      return h.detail();
    }
    if (result instanceof HealthResult.Unhealthy u) {
      return u.reason();
    }
    return ((HealthResult.CredentialsRejected) result).reason();
  }
}
