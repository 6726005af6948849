package io.cynodeai.connector.core.internal.poll;

import io.cynodeai.connector.core.internal.ActingUser;
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
import io.cynodeai.connector.api.policy.PolicyDecision;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.api.poll.PollReport;
import io.cynodeai.connector.api.poll.PolledEvents;
import io.cynodeai.connector.api.store.CursorStore;
import io.cynodeai.connector.api.store.InstanceStore;
import io.cynodeai.connector.core.credentials.CredentialVault;
import io.cynodeai.connector.core.internal.AuditEmitter;
import io.cynodeai.connector.core.internal.ratelimit.QuotaGate;
import io.cynodeai.connector.core.internal.PolicyGate;
import io.cynodeai.connector.core.internal.catalog.RegisteredType;
import io.cynodeai.connector.core.internal.catalog.TypeRegistry;
import io.cynodeai.connector.core.internal.context.SimpleConnectorContext;
import io.cynodeai.connector.core.internal.tenancy.TenantBoundary;
import io.cynodeai.connector.spi.NetworkAccess;
import io.cynodeai.connector.spi.PollResult;
import io.cynodeai.connector.spi.PollingSource;
import io.cynodeai.connector.spi.ProviderException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Runs single polls of polling instances: reads the instance's cursor (cursor name {@value #CURSOR}) from the
 * {@link CursorStore}, runs the connector's {@link PollingSource#poll} on a handler thread bounded by the
 * timeout, hands the events to the subscriber and stores the new cursor only after the subscriber returned.
 * One poll per instance at a time. Every poll is audited ({@code poll}). Thread-safe.
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
  private final PolicyEngine policy;
  private final TenantBoundary boundary;
  private final ExecutorService threads;
  private final Duration timeout;
  private final Clock clock;
  private final Function<ConnectorInstance, NetworkAccess> network;
  private final Function<ConnectorInstance, CredentialVault.Scope> credentials;
  private final AuditEmitter audit;
  private final @Nullable Consumer<PolledEvents> subscriber;
  private final QuotaGate quota;
  private final Map<String, Object> locks = new ConcurrentHashMap<>();
  private final String holder = "poller-" + UUID.randomUUID();

  public InstancePoller(TypeRegistry types, InstanceStore instances, CursorStore cursors, PolicyEngine policy,
      TenantBoundary boundary, ExecutorService threads, Duration timeout, Clock clock,
      Function<ConnectorInstance, NetworkAccess> network,
      Function<ConnectorInstance, CredentialVault.Scope> credentials, AuditEmitter audit,
      @Nullable Consumer<PolledEvents> subscriber, QuotaGate quota) {
    this.types = types;
    this.instances = instances;
    this.cursors = cursors;
    this.policy = policy;
    this.boundary = boundary;
    this.threads = threads;
    this.timeout = timeout;
    this.clock = clock;
    this.network = network;
    this.credentials = credentials;
    this.audit = audit;
    this.subscriber = subscriber;
    this.quota = quota;
  }

  /** A host-requested poll: tenancy and policy are checked for {@code caller}. */
  public PollReport poll(String instanceId, Caller caller) {
    ConnectorInstance instance = instances.find(instanceId).filter(i -> !i.deleted())
        .filter(i -> boundary.reachable(i, caller, Action.OPERATION_INVOKE)).orElse(null);
    if (instance == null) {
      return audited(null, caller.userId(), caller.projectId(), PollReport.failed(instanceId, null,
          "instance_not_found", "no connector instance '" + instanceId + "'"), 0);
    }
    PolicyDecision decision = PolicyGate.evaluate(policy, new PolicyContext(Action.OPERATION_INVOKE,
        caller.userId(), caller.groupIds(), caller.projectId(), instance.id(), instance.connectorType(), "poll",
        ExecutionMode.SYNC));
    if (!decision.allowed()) {
      return audited(instance, caller.userId(), caller.projectId(), PollReport.failed(instanceId, null,
          "policy_denied", "denied by policy: " + decision.reason()), 0);
    }
    return pollAs(instance, caller.userId(), caller.projectId());
  }

  /**
   * A scheduled poll, authorized by the instance being active; a {@value #BUSY} report (not audited) when
   * another node is polling the instance.
   */
  PollReport pollScheduled(ConnectorInstance instance) {
    return pollAs(instance, SCHEDULER, null);
  }

  /** The polling declaration of the instance's type, if it has one. */
  Optional<PollingSource> source(ConnectorInstance instance) {
    return types.find(instance.connectorType(), instance.connectorTypeVersion())
        .flatMap(t -> t.type().polling());
  }

  private PollReport pollAs(ConnectorInstance instance, String userId, @Nullable String projectId) {
    long start = System.nanoTime();
    Object lock = locks.computeIfAbsent(instance.id(), id -> new Object());
    synchronized (lock) {
      Duration ttl = timeout.plus(LEASE_MARGIN);
      if (!cursors.tryLease(instance.id(), holder, ttl)) {
        PollReport busy = PollReport.failed(instance.id(), null, BUSY,
            "another engine node is polling connector instance '" + instance.id() + "' now");
        return userId.equals(SCHEDULER) ? busy : audited(instance, userId, projectId, busy, 0);
      }
      try {
        PollReport report = run(instance, ttl, userId);
        return audited(instance, userId, projectId, report, System.nanoTime() - start);
      } finally {
        cursors.releaseLease(instance.id(), holder);
      }
    }
  }

  private PollReport run(ConnectorInstance stale, Duration ttl, String actor) {
    ConnectorInstance instance = instances.find(stale.id()).orElse(stale);
    String id = instance.id();
    if (instance.status() != InstanceStatus.ACTIVE && instance.status() != InstanceStatus.DEGRADED) {
      return PollReport.failed(id, null, "instance_not_active",
          "connector instance '" + id + "' is " + instance.status().wireName() + ", not active");
    }
    RegisteredType type = types.find(instance.connectorType(), instance.connectorTypeVersion()).orElse(null);
    PollingSource source = type == null ? null : type.type().polling().orElse(null);
    if (type == null || source == null) {
      return PollReport.failed(id, null, "polling_not_supported",
          "connector type " + instance.connectorType() + "@" + instance.connectorTypeVersion() + " does not poll");
    }
    String cursor = cursors.get(id, CURSOR).orElse(null);
    if (subscriber == null) {
      return PollReport.failed(id, cursor, "polling_not_configured",
          "the engine has no subscriber for polled events (EngineBuilder.polling)");
    }
    Failed held = quota.awaitProvider(id, Duration.ZERO, clock.instant());
    if (held != null) { // a 429 (to a poll or a call) holds the whole instance until the provider's reset
      return PollReport.failed(id, cursor, held.code(), held.message());
    }
    PollResult result;
    try (CredentialVault.Scope creds = credentials.apply(instance)) {
      SimpleConnectorContext context = new SimpleConnectorContext(id, instance.config(), clock,
          System.getLogger("io.cynodeai.connector.type." + type.name()), clock.instant().plus(timeout), creds,
          network.apply(instance));
      String given = cursor;
      Future<PollResult> future = threads.submit(() -> ActingUser.as(actor, () -> source.poll(context, given)));
      try {
        result = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        future.cancel(true);
        return PollReport.failed(id, cursor, "timeout", "poll timed out after " + timeout.toMillis() + " ms");
      } catch (InterruptedException e) {
        future.cancel(true);
        Thread.currentThread().interrupt();
        return PollReport.failed(id, cursor, "interrupted", "poll interrupted");
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof ProviderException pe) {
          if (pe.kind() == ProviderException.Kind.RATE_LIMITED) {
            quota.providerRateLimited(id, pe.retryAfter());
          }
          return PollReport.failed(id, cursor, pe.code(), creds.scrub(String.valueOf(pe.getMessage())));
        }
        return PollReport.failed(id, cursor, "poll_failed",
            "poll failed (" + (cause == null ? "unknown" : cause.getClass().getSimpleName()) + ")");
      }
      if (result != null && creds.scrubs()) { // notes are reported and audited: scrub them before the scope ends
        List<String> notes = result.notes().stream().map(creds::scrub).toList();
        if (!notes.equals(result.notes())) {
          result = new PollResult(result.events(), result.nextCursor(), notes);
        }
      }
    }
    if (result == null) {
      return PollReport.failed(id, cursor, "poll_failed", "poll returned no result");
    }
    if (!result.events().isEmpty() || !result.notes().isEmpty()) {
      if (!cursors.tryLease(id, holder, ttl)) { // renewed for the subscriber; lost only if the poll overran it
        return PollReport.failed(id, cursor, BUSY, "the poll lease expired before delivery; the events were"
            + " not delivered and the cursor was kept");
      }
      try {
        subscriber.accept(new PolledEvents(id, instance.connectorType(), result.events(), result.notes()));
      } catch (RuntimeException e) {
        return new PollReport(id, false, 0, cursor, result.notes(), "delivery_failed",
            "the subscriber failed (" + e.getClass().getSimpleName() + "); the cursor was kept");
      }
    }
    String next = result.nextCursor();
    if (next != null && !next.equals(cursor)) {
      cursors.put(id, CURSOR, next);
      cursor = next;
    }
    return new PollReport(id, true, result.events().size(), cursor, result.notes(), null, null);
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
    if (report.succeeded()) {
      event.succeeded();
    } else {
      event.failed(failureClass(report.errorCode()), String.valueOf(report.errorCode()));
    }
    audit.emit(event.build());
    return report;
  }

  private static FailureClass failureClass(@Nullable String code) {
    if ("policy_denied".equals(code) || "instance_not_found".equals(code) || "instance_not_active".equals(code)) {
      return FailureClass.POLICY_DENIED;
    }
    if ("provider_quota_exhausted".equals(code) || "provider_rate_limited".equals(code)) {
      return FailureClass.QUOTA_EXCEEDED;
    }
    if ("polling_not_supported".equals(code) || "polling_not_configured".equals(code)) {
      return FailureClass.PERMANENT;
    }
    return FailureClass.TRANSIENT;
  }

  List<ConnectorInstance> pollable() {
    return instances.list().stream().filter(i -> !i.deleted())
        .filter(i -> i.status() == InstanceStatus.ACTIVE || i.status() == InstanceStatus.DEGRADED)
        .filter(i -> source(i).isPresent()).toList();
  }
}
