package io.cynodeai.connector.core.internal.poll;

import dev.failsafe.CircuitBreaker;
import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.instance.InstanceStatus;
import io.cynodeai.connector.api.policy.Action;
import io.cynodeai.connector.api.policy.PolicyContext;
import io.cynodeai.connector.api.poll.PollReport;
import io.cynodeai.connector.api.poll.PolledEvents;
import io.cynodeai.connector.api.store.CursorStore;
import io.cynodeai.connector.api.store.InstanceStore;
import io.cynodeai.connector.core.internal.AuditEmitter;
import io.cynodeai.connector.core.internal.ratelimit.QuotaGate;
import io.cynodeai.connector.core.internal.catalog.RegisteredType;
import io.cynodeai.connector.core.internal.catalog.TypeRegistry;
import io.cynodeai.connector.core.egress.EgressDeniedException;
import io.cynodeai.connector.core.internal.resilience.InstanceBreakers;
import io.cynodeai.connector.core.internal.run.CallAdmission;
import io.cynodeai.connector.core.internal.run.CallFailures;
import io.cynodeai.connector.core.internal.run.ConnectorCalls;
import io.cynodeai.connector.core.internal.tenancy.TenantBoundary;
import io.cynodeai.connector.spi.PollResult;
import io.cynodeai.connector.spi.PollingSource;
import io.cynodeai.connector.spi.ProviderException;
import io.cynodeai.connector.spi.RetryPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import io.cynodeai.connector.core.internal.CurrentAttempt;
import io.cynodeai.connector.core.observe.EngineObserver;
import io.cynodeai.connector.core.observe.ObservedScope;
import org.jspecify.annotations.Nullable;

/**
 * Runs single polls of polling instances: reads the instance's cursor (cursor name {@value #CURSOR}) from the
 * {@link CursorStore}, runs the connector's {@link PollingSource#poll} on a handler thread bounded by the
 * timeout, hands the events to the subscriber and stores the new cursor only after the subscriber returned.
 * One poll per instance at a time. A poll's provider faults count on the instance's circuit breaker, the one its
 * invocations use, so a dead provider stops being polled. Every poll is audited ({@code poll}). Thread-safe.
 */
public final class InstancePoller {
  /** The cursor name a poll's position is stored under. */
  public static final String CURSOR = "poll";
  /** The user a scheduled poll is audited as; scheduled polls are authorized by the instance being active. */
  public static final String SCHEDULER = "engine:poller";
  /** Why a poll did not run: another engine node holds the instance's poll lease. */
  public static final String BUSY = "poll_busy";
  /** How long a lease outlives the poll's timeout: the time the subscriber may take to accept the events. */
  static final Duration LEASE_MARGIN = Duration.ofSeconds(30);

  private final TypeRegistry types;
  private final InstanceStore instances;
  private final CursorStore cursors;
  private final CallAdmission admission;
  private final TenantBoundary boundary;
  private final InstanceBreakers breakers;
  private final InstanceBreakers.HealthProbe probe;
  private final ConnectorCalls calls;
  private final Duration timeout;
  private final Clock clock;
  private final AuditEmitter audit;
  private final @Nullable Consumer<PolledEvents> subscriber;
  private final QuotaGate quota;
  private final EngineObserver observer;
  private final Map<String, Object> locks = new ConcurrentHashMap<>();
  private final String holder = "poller-" + UUID.randomUUID();

  /** What the poller is given: the engine's stores and gates, the runner, and the host's subscriber. */
  public record Parts(TypeRegistry types, InstanceStore instances, CursorStore cursors, CallAdmission admission,
      TenantBoundary boundary, InstanceBreakers breakers, InstanceBreakers.HealthProbe probe, ConnectorCalls calls,
      Duration timeout, Clock clock, AuditEmitter audit, @Nullable Consumer<PolledEvents> subscriber,
      QuotaGate quota, EngineObserver observer) {}

  public InstancePoller(Parts parts) {
    this.types = parts.types();
    this.instances = parts.instances();
    this.cursors = parts.cursors();
    this.admission = parts.admission();
    this.boundary = parts.boundary();
    this.breakers = parts.breakers();
    this.probe = parts.probe();
    this.calls = parts.calls();
    this.timeout = parts.timeout();
    this.clock = parts.clock();
    this.audit = parts.audit();
    this.subscriber = parts.subscriber();
    this.quota = parts.quota();
    this.observer = parts.observer();
  }

  /**
   * A host-requested poll: tenancy, the host's policy and the instance's spec are checked for {@code caller},
   * under the operation name its polling source declares ({@link PollingSource#operation()}).
   */
  public PollReport poll(String instanceId, Caller caller) {
    ConnectorInstance instance = instances.find(instanceId).filter(i -> !i.deleted())
        .filter(i -> boundary.reachable(i, caller, Action.OPERATION_INVOKE)).orElse(null);
    if (instance == null) {
      return audited(null, caller.userId(), caller.projectId(), PollReport.failed(instanceId, null,
          Failed.of(FailureClass.POLICY_DENIED, "instance_not_found", "no connector instance '" + instanceId
              + "'")), 0);
    }
    return pollAs(instance, caller, false);
  }

  /**
   * A scheduled poll, authorized by the instance being active (the host's policy has no caller to judge) and
   * still narrowed by the instance's spec and refused by the catalog and the circuit breaker; a {@value #BUSY}
   * report (not audited) when another node is polling the instance.
   */
  PollReport pollScheduled(ConnectorInstance instance) {
    return pollAs(instance, new Caller(SCHEDULER, List.of(), instance.projectId()), true);
  }

  /** The polling declaration of the instance's type, if it has one. */
  Optional<PollingSource> source(ConnectorInstance instance) {
    return types.find(instance.connectorType(), instance.connectorTypeVersion())
        .flatMap(t -> t.type().polling());
  }

  private PollReport pollAs(ConnectorInstance instance, Caller caller, boolean scheduled) {
    String userId = caller.userId();
    String projectId = scheduled ? null : caller.projectId();
    long start = System.nanoTime();
    Object lock = locks.computeIfAbsent(instance.id(), id -> new Object());
    synchronized (lock) {
      Duration ttl = timeout.plus(LEASE_MARGIN);
      if (!cursors.tryLease(instance.id(), holder, ttl)) {
        PollReport busy = PollReport.failed(instance.id(), null, Failed.of(FailureClass.TRANSIENT, BUSY,
            "another engine node is polling connector instance '" + instance.id() + "' now"));
        return scheduled ? busy : audited(instance, userId, projectId, busy, 0);
      }
      ObservedScope scope = observer.poll(instance.id(), scheduled);
      try {
        PollReport report = run(instance, ttl, caller, scheduled, scope);
        if (scope != ObservedScope.NONE) {
          scope.end(report instanceof PollReport.NotDelivered n ? n.failure() : null, null, 0);
        }
        return audited(instance, userId, projectId, report, System.nanoTime() - start);
      } catch (RuntimeException | Error e) {
        scope.end(Failed.of(FailureClass.PERMANENT, "engine_error", e.getClass().getSimpleName()), null, 0);
        throw e;
      } finally {
        cursors.releaseLease(instance.id(), holder);
      }
    }
  }

  private PollReport run(ConnectorInstance stale, Duration ttl, Caller caller, boolean scheduled,
      ObservedScope scope) {
    ConnectorInstance instance = instances.find(stale.id()).orElse(stale);
    String id = instance.id();
    RegisteredType type = types.find(instance.connectorType(), instance.connectorTypeVersion()).orElse(null);
    PollingSource source = type == null ? null : type.type().polling().orElse(null);
    Failed refused = admitted(instance, type, source, caller, scheduled);
    if (refused != null) {
      return PollReport.failed(id, null, refused);
    }
    String cursor = cursors.get(id, CURSOR).orElse(null);
    if (subscriber == null) {
      return PollReport.failed(id, cursor, Failed.of(FailureClass.PERMANENT, "polling_not_configured",
          "the engine has no subscriber for polled events (EngineBuilder.polling)"));
    }
    Failed held = quota.awaitProvider(id, Duration.ZERO, clock.instant());
    if (held != null) { // a 429 (to a poll or a call) holds the whole instance until the provider's reset
      return PollReport.failed(id, cursor, held);
    }
    String given = cursor;
    Polled polled = calls.run(ConnectorCalls.Kind.POLL, instance, caller.userId(), timeout,
        context -> {
          // the poll's scope is current on the handler thread, so its requests carry the poll's trace context
          ObservedScope previous = scope == ObservedScope.NONE ? null : CurrentAttempt.set(scope);
          try {
            return Objects.requireNonNull(source).poll(context, given);
          } finally {
            if (scope != ObservedScope.NONE) {
              CurrentAttempt.restore(previous);
            }
          }
        }, new PollAnswers(id, timeout));
    polled.breaker().record(breakers.breaker(id));
    if (polled.failure() != null) {
      return PollReport.failed(id, cursor, polled.failure());
    }
    PollResult result = Objects.requireNonNull(polled.result(), "result");
    if (!result.events().isEmpty() || !result.notes().isEmpty()) {
      if (!cursors.tryLease(id, holder, ttl)) { // renewed for the subscriber; lost only if the poll overran it
        return PollReport.failed(id, cursor, Failed.of(FailureClass.TRANSIENT, BUSY,
            "the poll lease expired before delivery; the events were"
            + " not delivered and the cursor was kept"));
      }
      try {
        subscriber.accept(new PolledEvents(id, instance.connectorType(), result.events(), result.notes()));
      } catch (RuntimeException e) {
        return new PollReport.NotDelivered(id, cursor, result.notes(), Failed.of(FailureClass.TRANSIENT,
            "delivery_failed",
            "the subscriber failed (" + e.getClass().getSimpleName() + "); the cursor was kept"));
      }
    }
    String next = result.nextCursor();
    if (next != null && !next.equals(cursor)) {
      cursors.put(id, CURSOR, next);
      cursor = next;
    }
    return new PollReport.Delivered(id, result.events().size(), cursor, result.notes());
  }

  /**
   * The governance of a poll, in the invocation pipeline's order (§9, §19.6, §13, §14): the host's policy and
   * the spec's narrowing (only the spec's for a scheduled poll), the instance's status, the type's polling,
   * the catalog, the circuit breaker. Null when the poll may run.
   */
  private @Nullable Failed admitted(ConnectorInstance instance, @Nullable RegisteredType type,
      @Nullable PollingSource source, Caller caller, boolean scheduled) {
    PolicyContext context = new PolicyContext(Action.OPERATION_INVOKE, caller.userId(), caller.groupIds(),
        caller.projectId(), instance.id(), instance.connectorType(),
        source == null ? PollingSource.DEFAULT_OPERATION : source.operation(), ExecutionMode.SYNC);
    Failed refused = scheduled ? admission.narrow(context, false) : admission.authorize(context, false).refusal();
    if (refused == null) {
      refused = CallAdmission.status(instance);
    }
    if (refused == null && (type == null || source == null)) {
      refused = Failed.of(FailureClass.PERMANENT, "polling_not_supported", "connector type "
          + instance.connectorType() + "@" + instance.connectorTypeVersion() + " does not poll");
    }
    if (refused == null) {
      refused = admission.catalog(type.type(), instance, caller);
    }
    return refused != null ? refused : breakers.admit(instance, probe);
  }

  /**
   * A poll's result, or why it failed (the message scrubbed of leased secrets), and what it tells the
   * instance's circuit breaker.
   */
  private record Polled(@Nullable PollResult result, @Nullable Failed failure, BreakerCount breaker) {}

  /**
   * What a poll's end tells the instance's circuit breaker, the one its invocations use (§5.3): a provider
   * fault (a transient provider failure or status, a network error, a timeout) counts against it; any other
   * answer the provider gave, a rate limit included, proves it reachable, as for an invocation's attempt; a
   * poll cut short by the engine says nothing.
   */
  private enum BreakerCount {
    FAULT, ANSWERED, NOTHING;

    void record(CircuitBreaker<Object> breaker) {
      if (this == FAULT) {
        breaker.recordFailure();
      } else if (this == ANSWERED) {
        breaker.recordSuccess();
      }
    }

    static BreakerCount of(ProviderException pe) {
      return switch (pe.kind()) {
        case TRANSIENT -> FAULT;
        case STATUS -> pe.providerStatus() != null && pe.providerStatus() != 429
            && RetryPolicy.TRANSIENT_HTTP_STATUSES.contains(pe.providerStatus()) ? FAULT : ANSWERED;
        default -> ANSWERED;
      };
    }
  }

  /** How a poll's run becomes its report: texts scrubbed, a provider's 429 holding the instance. */
  private final class PollAnswers implements ConnectorCalls.Answers<PollResult, Polled> {
    private final String id;
    private final Duration timeout;

    PollAnswers(String id, Duration timeout) {
      this.id = id;
      this.timeout = timeout;
    }

    @Override
    public Polled returned(@Nullable PollResult result, UnaryOperator<String> scrub) {
      if (result == null) {
        return new Polled(null, Failed.of(FailureClass.TRANSIENT, "poll_failed", "poll returned no result"),
            BreakerCount.ANSWERED);
      }
      List<String> notes = result.notes().stream().map(scrub).toList(); // reported and audited
      return new Polled(notes.equals(result.notes()) ? result
          : new PollResult(result.events(), result.nextCursor(), notes), null, BreakerCount.ANSWERED);
    }

    @Override
    public Polled threw(Throwable cause, UnaryOperator<String> scrub) {
      EgressDeniedException denied = CallFailures.egressDenial(cause);
      if (denied != null) { // names hosts, never secrets
        return new Polled(null, Failed.of(FailureClass.POLICY_DENIED, "egress_denied", denied.getMessage()),
            BreakerCount.ANSWERED);
      }
      if (cause instanceof ProviderException pe) {
        boolean limited = pe.kind() == ProviderException.Kind.RATE_LIMITED;
        if (limited) {
          quota.providerRateLimited(id, pe.retryAfter());
        }
        return new Polled(null, Failed.of(limited ? FailureClass.QUOTA_EXCEEDED : FailureClass.TRANSIENT, pe.code(),
            scrub.apply(String.valueOf(pe.getMessage()))), BreakerCount.of(pe));
      }
      boolean network = cause instanceof IOException || cause instanceof UncheckedIOException;
      return failure("poll_failed", "poll failed (" + cause.getClass().getSimpleName() + ")",
          network ? BreakerCount.FAULT : BreakerCount.ANSWERED);
    }

    @Override
    public Polled timedOut(Duration after) {
      return failure("timeout", "poll timed out after " + after.toMillis() + " ms", BreakerCount.FAULT);
    }

    @Override
    public Polled interrupted() {
      return failure("interrupted", "poll interrupted", BreakerCount.NOTHING);
    }

    private Polled failure(String code, String message, BreakerCount breaker) {
      return new Polled(null, Failed.of(FailureClass.TRANSIENT, code, message), breaker);
    }
  }

  private PollReport audited(@Nullable ConnectorInstance instance, String userId, @Nullable String projectId,
      PollReport report, long nanos) {
    AuditEvent.Builder event = AuditEvent.builder(AuditEventType.POLL, clock.instant())
        .action("poll")
        .caller(userId, projectId != null || instance == null ? projectId : instance.projectId())
        .instance(report.instanceId(), instance == null ? null : instance.connectorType())
        .durationMs(TimeUnit.NANOSECONDS.toMillis(nanos))
        .detail("delivered", Integer.toString(report.delivered()));
    if (report.notes().size() > 0) {
      event.detail("notes", String.join("; ", report.notes()));
    }
    if (report instanceof PollReport.NotDelivered failed) {
      event.failed(failed.failure().failureClass(), failed.failure().code());
    } else {
      event.succeeded();
    }
    audit.emit(event.build());
    return report;
  }

  List<ConnectorInstance> pollable() {
    return instances.list().stream().filter(i -> !i.deleted())
        .filter(i -> i.status() == InstanceStatus.ACTIVE || i.status() == InstanceStatus.DEGRADED)
        .filter(i -> source(i).isPresent()).toList();
  }
}
