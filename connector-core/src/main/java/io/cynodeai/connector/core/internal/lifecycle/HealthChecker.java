package io.cynodeai.connector.core.internal.lifecycle;

import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.core.internal.ActingUser;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.instance.InstanceError;
import io.cynodeai.connector.api.instance.StatusUpdate;
import io.cynodeai.connector.api.store.InstanceStore;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.core.credentials.CredentialUnavailableException;
import io.cynodeai.connector.core.egress.EgressDeniedException;
import io.cynodeai.connector.core.internal.AuditEmitter;
import io.cynodeai.connector.core.internal.catalog.RegisteredType;
import io.cynodeai.connector.core.internal.catalog.TypeRegistry;
import io.cynodeai.connector.core.internal.run.CallFailures;
import io.cynodeai.connector.core.internal.run.ConnectorCalls;
import io.cynodeai.connector.core.observe.ConnectorCall;
import io.cynodeai.connector.spi.HealthResult;
import io.cynodeai.connector.spi.ProviderException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Runs a connector's health check on a handler thread, bounded by the engine's health-check timeout,
 * records {@code health_checked_at} (and {@code last_error} on failure), and audits the result. Thread-safe.
 */
public final class HealthChecker {
  private final TypeRegistry types;
  private final InstanceStore instances;
  private final ConnectorCalls calls;
  private final Duration timeout;
  private final Clock clock;
  private final AuditEmitter audit;

  public HealthChecker(TypeRegistry types, InstanceStore instances, ConnectorCalls calls, Duration timeout,
      Clock clock, AuditEmitter audit) {
    this.types = types;
    this.instances = instances;
    this.calls = calls;
    this.timeout = timeout;
    this.clock = clock;
    this.audit = audit;
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
    try {
      return calls.run(ConnectorCalls.Kind.HEALTH_CHECK, instance, actor, timeout,
          ConnectorCalls.Observed.of(ConnectorCall.HEALTH_CHECK), context -> type.type().healthCheck().check(context),
          ANSWERS);
    } catch (CredentialUnavailableException e) {
      return thrown(e);
    }
  }

  /** A health check's result, its texts scrubbed of every leased secret: it is stored and audited (§8). */
  private static final ConnectorCalls.Answers<HealthResult, HealthResult> ANSWERS = new ConnectorCalls.Answers<>() {
    @Override
    public @Nullable Failed observedFailure(HealthResult answer) {
      if (answer instanceof HealthResult.CredentialsRejected) {
        return Failed.of(FailureClass.PERMANENT, "credentials_rejected", "credentials_rejected");
      }
      return answer instanceof HealthResult.Unhealthy ? Failed.of(FailureClass.TRANSIENT, "unhealthy", "unhealthy")
          : null;
    }

    @Override
    public HealthResult returned(@Nullable HealthResult result, UnaryOperator<String> scrub) {
      return result == null ? HealthResult.unhealthy("health check returned no result") : scrubbed(result, scrub);
    }

    @Override
    public HealthResult threw(Throwable cause, UnaryOperator<String> scrub) {
      return scrubbed(thrown(cause), scrub);
    }

    @Override
    public HealthResult timedOut(Duration timeout) {
      return HealthResult.unhealthy("health check timed out after " + timeout.toMillis() + " ms");
    }

    @Override
    public HealthResult interrupted() {
      return HealthResult.unhealthy("health check interrupted");
    }
  };

  private static HealthResult scrubbed(HealthResult result, UnaryOperator<String> scrub) {
    if (result instanceof HealthResult.Healthy h) {
      String clean = scrub.apply(h.detail());
      return clean.equals(h.detail()) ? result : new HealthResult.Healthy(clean);
    }
    if (result instanceof HealthResult.Unhealthy u) {
      String clean = scrub.apply(u.reason());
      return clean.equals(u.reason()) ? result : new HealthResult.Unhealthy(clean);
    }
    HealthResult.CredentialsRejected r = (HealthResult.CredentialsRejected) result;
    String clean = scrub.apply(r.reason());
    return clean.equals(r.reason()) ? result : new HealthResult.CredentialsRejected(clean);
  }

  /**
   * What a health check's exception says, worded as an invocation's failure would be: an egress refusal
   * anywhere in the cause chain is the guard's message, as an {@code egress_denied} call failure carries it
   * ("egress denied: ..."), a {@link ProviderException} is its code and message (credentials rejected when it
   * says so), an unavailable credential its message; anything else only its type.
   */
  static HealthResult thrown(Throwable cause) {
    EgressDeniedException denied = CallFailures.egressDenial(cause);
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
