package io.cynodeai.connector.core.internal;

import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.ConnectorException;
import io.cynodeai.connector.api.audit.AuditSink;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.api.store.IdempotencyStore;
import io.cynodeai.connector.api.store.InstanceStore;
import io.cynodeai.connector.core.internal.credentials.CredentialRotations;
import io.cynodeai.connector.core.internal.credentials.InstanceCredentials;
import io.cynodeai.connector.core.internal.credentials.VaultCredentialWiper;
import io.cynodeai.connector.api.store.JobStore;
import io.cynodeai.connector.core.internal.jobs.DefaultJobService;
import io.cynodeai.connector.core.internal.jobs.JobWorkers;
import io.cynodeai.connector.api.store.SpecStore;
import io.cynodeai.connector.core.internal.catalog.ConnectorTypeValidator;
import io.cynodeai.connector.core.internal.catalog.RegisteredType;
import io.cynodeai.connector.core.internal.catalog.TypeListings;
import io.cynodeai.connector.core.internal.catalog.TypeRegistry;
import io.cynodeai.connector.core.internal.invoke.InvocationPipeline;
import io.cynodeai.connector.core.internal.lifecycle.CredentialCommands;
import io.cynodeai.connector.core.internal.lifecycle.DefaultInstanceManager;
import io.cynodeai.connector.core.internal.lifecycle.HealthChecker;
import io.cynodeai.connector.core.internal.poll.InstancePoller;
import io.cynodeai.connector.core.internal.poll.PollSchedule;
import io.cynodeai.connector.core.internal.resilience.ConcurrencyGuard;
import io.cynodeai.connector.core.internal.resilience.HandlerThreads;
import io.cynodeai.connector.core.internal.resilience.InstanceBreakers;
import io.cynodeai.connector.core.internal.metrics.ServiceLevels;
import io.cynodeai.connector.core.observe.EngineObserver;
import io.cynodeai.connector.core.internal.metrics.SloTracker;
import io.cynodeai.connector.core.internal.ratelimit.CachedProviderQuota;
import io.cynodeai.connector.core.internal.ratelimit.QuotaGate;
import io.cynodeai.connector.core.internal.resilience.RetryBudget;
import io.cynodeai.connector.core.internal.run.CallAdmission;
import io.cynodeai.connector.core.internal.run.ConnectorCalls;
import io.cynodeai.connector.core.internal.tenancy.TenantBoundary;
import io.cynodeai.connector.core.internal.spec.DefaultSpecService;
import io.cynodeai.connector.core.internal.spec.SpecPolicyBindings;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.NetworkAccess;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

/** Wires the engine's parts together once, at build time. */
public final class EngineAssembly {
  private EngineAssembly() {}

  public static ConnectorEngine assemble(EngineParts parts) {
    InstanceCache instanceCache = InstanceCache.over(parts.stores().instances, parts.stores().instanceStaleness);
    InstanceStore store = instanceCache.store();
    SpecStore specStore = parts.stores().specs;
    io.cynodeai.connector.api.store.CursorStore cursors = parts.stores().cursors;
    Clock clock = parts.clock();
    IdempotencyStore idempotencyStore = parts.stores().idempotencyOrDefault(clock);
    JobStore jobStore = parts.stores().jobsOrDefault(clock);
    PolicyEngine policy = parts.policy();
    EngineSettings settings = parts.settings();
    var subscriber = parts.subscriber();
    var webhooks = parts.webhooks() == null ? null
        : parts.webhooks().withDefaultStore(parts.stores().webhooksOrDefault(clock));
    InstanceCredentials credentials = parts.credentials().withSpecs(specStore);
    Governance governance = parts.governance().withCredentials(
        VaultCredentialWiper.with(credentials, store, parts.governance().credentials()));
    ConnectorTypeValidator validator = new ConnectorTypeValidator(settings);
    List<RegisteredType> registered = new ArrayList<>();
    for (ConnectorType type : parts.types()) {
      registered.add(validator.validate(type));
    }
    TypeRegistry types;
    try {
      types = new TypeRegistry(registered);
    } catch (IllegalArgumentException e) {
      throw new ConnectorException(e.getMessage());
    }
    Extensions extensions = Extensions.run(parts.extensions(), clock);
    try {
      AuditSink retained = RetainedAuditSink.of(parts.hostSink(), parts.stores().audit);
      SloTracker slos = new SloTracker(ServiceLevels.declared(registered), clock);
      List<AuditSink> taps = new ArrayList<>(extensions.taps());
      if (slos.tracksAny()) {
        taps.add(0, slos);
      }
      AuditSink sink = AuditTaps.before(taps, retained);
      Function<ConnectorInstance, NetworkAccess> network = parts.egress().transports(sink, clock);
      List<EngineObserver> observers = new ArrayList<>(List.of(parts.observer()));
      observers.addAll(extensions.observers());
      EngineObserver observer = EngineObserver.all(observers);
      AuditEmitter audit = new AuditEmitter(sink);
      ExecutorService threads = HandlerThreads.create();
      ConnectorCalls calls = new ConnectorCalls(threads, clock, network, credentials, observer);
      HealthChecker health = new HealthChecker(types, store, calls, settings.healthCheckTimeout(), clock, audit);
      InstanceBreakers breakers = new InstanceBreakers(settings.breakerFailureThreshold(), settings.breakerCooldown(),
          new BreakerStatusListener(store, audit, clock));
      RetryBudget budget = RetryBudget.of(settings.retryBudgetRatio(), settings.minRetriesPerSecond());
      TenantBoundary boundary = new TenantBoundary(governance.tenancy());
      SpecPolicyBindings specPolicies = new SpecPolicyBindings(specStore, policy, SpecPolicyBindings.DEFAULT_STALENESS);
      QuotaGate quotaGate = new QuotaGate(governance.limiter(),
          CachedProviderQuota.over(governance.quota(), parts.stores().instanceStaleness), governance.rateLimits(), clock);
      CallAdmission admission = new CallAdmission(policy, specPolicies, governance.catalog());
      InstanceBreakers.HealthProbe probe = instance -> health.check(instance, ActingUser.SYSTEM);
      InvocationPipeline pipeline = new InvocationPipeline(instanceCache.forCalls(), types, threads, breakers, probe,
          budget, clock, network, credentials, audit, boundary, quotaGate,
          idempotencyStore, settings.idempotency(), new ConcurrencyGuard(settings.globalMaxParallel()), admission,
          observer);
      io.cynodeai.connector.core.internal.webhook.WebhookGateway gateway = webhooks == null ? null
          : new io.cynodeai.connector.core.internal.webhook.WebhookGateway(types, store, specStore, webhooks, policy,
              boundary, audit, clock, calls, observer);
      if (gateway != null) {
        governance = governance.withCredentials(io.cynodeai.connector.core.internal.webhook.WebhookWiper.before(
            gateway, governance.credentials()));
      }
      DefaultInstanceManager instances = new DefaultInstanceManager(store, types, policy, health, breakers, audit,
          clock, boundary, governance.credentials(), cursors,
          governance.certification(), governance.catalog());
      instances.onUninstalled(id -> {
        pipeline.forget(id);
        specPolicies.invalidate(List.of(id));
        if (network instanceof io.cynodeai.connector.core.internal.egress.EgressGuards guards) {
          guards.forget(id);
        }
      });
      CredentialRotations.attach(credentials, store, health, audit, clock);
      Runnable stopRetention = RetentionSchedule.start(governance, store, retained, sink, clock);
      Runnable stopTasks = () -> {
        stopRetention.run();
        extensions.close();
      };
      Maintenance maintenance = new Maintenance();
      extensions.schedule(maintenance);
      maintenance.every(settings.idempotency().cleanupInterval(), "purge expired idempotency records",
          idempotencyStore::purgeExpired);
      // worker threads only where something can run as a job (an async operation), unless the host said how many
      EngineSettings.Jobs jobSettings = settings.jobs().resolved(registered.stream().anyMatch(t -> t.type()
          .operations().stream().anyMatch(op -> op.modes().contains(io.cynodeai.connector.api.ExecutionMode.ASYNC))));
      DefaultJobService jobs = new DefaultJobService(jobStore, pipeline, store, types, jobSettings, audit, clock,
          boundary, observer);
      JobWorkers workers = new JobWorkers(jobStore, pipeline, jobs, jobSettings, clock, observer);
      jobs.onCancelRequested(workers::cancelLocal);
      workers.start();
      DefaultSpecService specs = new DefaultSpecService(types, specStore, store, instances, policy, audit, clock,
          credentials, specPolicies, boundary);
      InstancePoller poller = new InstancePoller(new InstancePoller.Parts(types, store, cursors, admission, boundary,
          breakers, probe, calls, settings.syncTimeoutCap(), clock, audit, subscriber, quotaGate, observer));
      PollSchedule schedule = subscriber == null ? null : PollSchedule.start(poller, pollTick(registered), clock);
      if (gateway != null) {
        maintenance.every(settings.idempotency().cleanupInterval(), "purge expired webhook events",
            gateway.store()::purgeExpired);
        maintenance.every(webhooks.renewEvery(), "renew provider subscriptions",
            () -> gateway.renewDue(webhooks.renewBefore()));
      }
      Runnable onClose = schedule == null ? stopTasks : () -> {
        schedule.close();
        stopTasks.run();
      };
      CredentialCommands credentialCommands = credentials.vault() == null ? null
          : new CredentialCommands(store, policy, boundary, credentials, health, audit, clock);
      return new DefaultConnectorEngine(pipeline, instances, threads, maintenance, jobs, workers, onClose,
          slos::statuses, specs, poller, gateway, credentialCommands, new TypeListings(types, policy, audit, clock));
    } catch (RuntimeException | Error e) {
      extensions.close(); // what the extensions opened must not outlive a build that failed after them
      throw e;
    }
  }

  /** How often the schedule looks for due polls: the shortest declared interval, within 10 ms and 1 s. */
  private static java.time.Duration pollTick(List<RegisteredType> registered) {
    java.time.Duration tick = java.time.Duration.ofSeconds(1);
    for (RegisteredType t : registered) {
      java.time.Duration interval = t.type().polling().map(p -> p.interval()).orElse(tick);
      if (interval.compareTo(tick) < 0) {
        tick = interval;
      }
    }
    java.time.Duration floor = java.time.Duration.ofMillis(10);
    return tick.compareTo(floor) < 0 ? floor : tick;
  }
}
