package io.cynodeai.connector.core.internal.webhook;

import io.cynodeai.connector.core.observe.EngineObserver;
import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.policy.Action;
import io.cynodeai.connector.api.policy.PolicyContext;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.api.store.InstanceStore;
import io.cynodeai.connector.api.store.SpecStore;
import io.cynodeai.connector.api.store.StoreException;
import io.cynodeai.connector.api.store.WebhookStore;
import io.cynodeai.connector.api.webhook.SecretOutcome;
import io.cynodeai.connector.api.webhook.SubscriptionOutcome;
import io.cynodeai.connector.api.webhook.SubscriptionState;
import io.cynodeai.connector.api.webhook.WebhookDelivery;
import io.cynodeai.connector.api.webhook.WebhookResult;
import io.cynodeai.connector.api.webhook.WebhookService;
import io.cynodeai.connector.core.credentials.SecretUnavailableException;
import io.cynodeai.connector.core.internal.AuditEmitter;
import io.cynodeai.connector.core.internal.PolicyGate;
import io.cynodeai.connector.core.internal.catalog.TypeRegistry;
import io.cynodeai.connector.core.internal.run.ConnectorCalls;
import io.cynodeai.connector.core.internal.tenancy.TenantBoundary;
import io.cynodeai.connector.core.webhook.WebhookConfig;
import io.cynodeai.connector.spi.webhook.ProviderSubscription;
import io.cynodeai.connector.spi.webhook.SignatureScheme;
import io.cynodeai.connector.spi.webhook.SubscriptionLifecycle;
import io.cynodeai.connector.spi.webhook.WebhookSource;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The engine's {@link WebhookService}: deliveries through {@link WebhookDeliveries}; subscription and secret
 * management authorized for the caller (tenancy first, then the policy: {@code connector.instance.manage} to
 * enable or disable, {@code connector.credential.manage} for secrets and provider subscriptions) and audited.
 * An instance the caller may not reach is {@code not_found}, exactly like a missing one; a caller who reaches it
 * but may not manage it under the tenancy rules (not its owner) is refused {@code not_owner}. Thread-safe.
 */
public final class WebhookGateway implements WebhookService {
  private final TypeRegistry types;
  private final InstanceStore instances;
  private final WebhookStore store;
  private final SubscriptionStates states;
  private final WebhookSecrets secrets;
  private final WebhookDeliveries deliveries;
  private final WebhookConfig config;
  private final PolicyEngine policy;
  private final TenantBoundary boundary;
  private final WebhookAudit audit;
  private final Clock clock;
  private final ProviderSubscriptions providers;

  public WebhookGateway(TypeRegistry types, InstanceStore instances, SpecStore specs, WebhookConfig config,
      PolicyEngine policy, TenantBoundary boundary, AuditEmitter audit, Clock clock, ConnectorCalls calls,
      EngineObserver observer) {
    this.types = types;
    this.instances = instances;
    this.store = Objects.requireNonNull(config.store(), "config.store()");
    this.config = config;
    this.policy = policy;
    this.boundary = boundary;
    this.clock = clock;
    this.audit = new WebhookAudit(audit, clock);
    this.providers = new ProviderSubscriptions(this.store, instances, this::source, calls,
        config.providerCallTimeout(), this.audit, clock);
    this.states = new SubscriptionStates(specs, store);
    this.secrets = new WebhookSecrets(config.keys(), store, clock);
    this.deliveries = new WebhookDeliveries(types, instances, store, states, secrets, config, this.audit, clock,
        calls, observer);
  }

  /** The store behind this gateway (for the credential wipe on uninstall and the purge task). */
  public WebhookStore store() {
    return store;
  }

  /** Drops the instance's opened verification secrets held in memory (on uninstall, after the store's wipe). */
  void forgetOpenedSecrets(String instanceId) {
    secrets.forget(instanceId);
  }

  @Override
  public int maxBodyBytes() {
    return config.maxBodyBytes();
  }

  @Override
  public WebhookResult deliver(String instanceId, String subscription, WebhookDelivery delivery) {
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(subscription, "subscription");
    Objects.requireNonNull(delivery, "delivery");
    return deliveries.deliver(instanceId, subscription, delivery);
  }

  @Override
  public List<SubscriptionState> subscriptions(String instanceId, Caller caller) {
    ConnectorInstance instance = reachable(instanceId, caller, Action.OPERATION_READ);
    WebhookSource source = instance == null ? null : source(instance);
    if (source == null) {
      return List.of();
    }
    return source.subscriptions().stream().map(s -> state(instanceId, s)).toList();
  }

  private SubscriptionState state(String instanceId, String subscription) {
    WebhookStore.Subscription stored = store.subscription(instanceId, subscription).orElse(null);
    int version = secrets.current(instanceId, subscription).map(WebhookStore.SealedSecret::version).orElse(0);
    return new SubscriptionState(instanceId, subscription, states.enabled(instanceId, subscription),
        states.fromSpec(instanceId, subscription).isPresent(), version,
        stored == null ? null : stored.providerId(), stored == null ? null : stored.expiresAt());
  }

  @Override
  public SubscriptionOutcome enable(String instanceId, String subscription, Caller caller) {
    return manage("webhook.enable", instanceId, subscription, caller, Action.INSTANCE_MANAGE, (instance, source) -> {
      if (states.fromSpec(instanceId, subscription).isPresent()) {
        return new SubscriptionOutcome.Refused(refusal("managed_by_spec", "subscription '" + subscription
            + "' is set by the instance's connector spec (spec.inbound.subscriptions)"));
      }
      if (source.signature().needsEngineSecret()) {
        if (!secrets.available()) {
          return new SubscriptionOutcome.Refused(refusal("no_key_service", "subscription '" + subscription + "' needs an"
              + " engine-held secret, and the engine has no key management service (WebhookConfig.keys)"));
        }
        secrets.ensure(instanceId, subscription, source.signature());
      }
      putEnabled(instanceId, subscription, true);
      return new SubscriptionOutcome.Applied(state(instanceId, subscription));
    });
  }

  @Override
  public SubscriptionOutcome disable(String instanceId, String subscription, Caller caller) {
    return manage("webhook.disable", instanceId, subscription, caller, Action.INSTANCE_MANAGE, (instance, source) -> {
      if (states.fromSpec(instanceId, subscription).isPresent()) {
        return new SubscriptionOutcome.Refused(refusal("managed_by_spec", "subscription '" + subscription
            + "' is set by the instance's connector spec (spec.inbound.subscriptions)"));
      }
      putEnabled(instanceId, subscription, false);
      return new SubscriptionOutcome.Applied(state(instanceId, subscription));
    });
  }

  private void putEnabled(String instanceId, String subscription, boolean enabled) {
    WebhookStore.Subscription old = store.subscription(instanceId, subscription).orElse(null);
    store.putSubscription(new WebhookStore.Subscription(instanceId, subscription, enabled,
        old == null ? null : old.providerId(), old == null ? null : old.expiresAt()));
  }

  @Override
  public SecretOutcome revealSecret(String instanceId, String subscription, Caller caller) {
    return secret("webhook.secret.reveal", instanceId, subscription, caller, scheme -> secrets.reveal(instanceId,
        subscription, scheme));
  }

  @Override
  public SecretOutcome rotateSecret(String instanceId, String subscription, Duration grace, Caller caller) {
    Objects.requireNonNull(grace, "grace");
    if (grace.isNegative()) {
      throw new IllegalArgumentException("grace must be >= 0");
    }
    return secret("webhook.secret.rotate", instanceId, subscription, caller, scheme -> secrets.rotate(instanceId,
        subscription, grace, scheme));
  }

  @Override
  public SecretOutcome importSecret(String instanceId, String subscription, char[] secret, Duration grace,
      Caller caller) {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(grace, "grace");
    if (grace.isNegative()) {
      throw new IllegalArgumentException("grace must be >= 0");
    }
    return secret("webhook.secret.import", instanceId, subscription, caller, scheme -> {
      String problem = ImportedSecrets.problem(scheme, secret);
      return problem != null ? new SecretOutcome.Refused(refusal("invalid_secret", problem))
          : secrets.importSecret(instanceId, subscription, secret, grace);
    });
  }

  @Override
  public SubscriptionOutcome subscribe(String instanceId, String subscription, URI callback, Caller caller) {
    Objects.requireNonNull(callback, "callback");
    return lifecycle("webhook.subscribe", instanceId, subscription, caller, (lifecycle, context, stored) -> {
      char[] secret = null;
      SignatureScheme scheme = source(instances.find(instanceId).orElseThrow()).signature();
      if (scheme.needsEngineSecret()) {
        secrets.ensure(instanceId, subscription, scheme);
        secret = secrets.openCurrent(instanceId, subscription);
      }
      try {
        return lifecycle.subscribe(context, subscription, callback, secret);
      } finally {
        if (secret != null) {
          Arrays.fill(secret, '\0');
        }
      }
    });
  }

  @Override
  public SubscriptionOutcome renew(String instanceId, String subscription, Caller caller) {
    return lifecycle("webhook.renew", instanceId, subscription, caller, (lifecycle, context, stored) -> {
      if (stored == null) {
        throw new IllegalStateException("not subscribed");
      }
      return lifecycle.renew(context, stored);
    });
  }

  @Override
  public SubscriptionOutcome unsubscribe(String instanceId, String subscription, Caller caller) {
    return lifecycle("webhook.unsubscribe", instanceId, subscription, caller, (lifecycle, context, stored) -> {
      if (stored != null) {
        lifecycle.unsubscribe(context, stored);
      }
      return null;
    });
  }

  private SubscriptionOutcome lifecycle(String action, String instanceId, String subscription, Caller caller,
      ProviderSubscriptions.ProviderCall call) {
    return manage(action, instanceId, subscription, caller, Action.CREDENTIAL_MANAGE, (instance, source) -> {
      SubscriptionLifecycle lifecycle = source.lifecycle().orElse(null);
      if (lifecycle == null) {
        return new SubscriptionOutcome.Refused(refusal("not_supported", "connector type " + instance.connectorType()
            + " has no subscription lifecycle; configure the provider by hand"));
      }
      String failed = providers.run(action, instance, lifecycle, subscription, call);
      return failed != null ? new SubscriptionOutcome.Refused(refusal("provider_failed", "the provider refused or "
          + "could not be reached (" + failed + ")")) : new SubscriptionOutcome.Applied(state(instanceId, subscription));
    });
  }

  /**
   * Renews, on the engine's account, every provider subscription that lapses within {@code margin}; the
   * engine's maintenance runs this every {@link WebhookConfig#renewEvery()}. Returns how many were renewed.
   */
  public int renewDue(Duration margin) {
    return providers.renewDue(margin);
  }

  /** Removes the instance's subscriptions at the provider, before an uninstall wipes its webhook state. */
  public void removeAtProvider(String instanceId) {
    providers.removeAll(instanceId);
  }

  /** Work on a resolved, authorized instance whose type offers the subscription. */
  @FunctionalInterface
  private interface Managed<T> {
    T run(ConnectorInstance instance, WebhookSource source) throws SecretUnavailableException;
  }

  @FunctionalInterface
  private interface SecretWork {
    SecretOutcome run(SignatureScheme scheme) throws SecretUnavailableException;
  }

  private SecretOutcome secret(String action, String instanceId, String subscription, Caller caller,
      SecretWork work) {
    Object result = guarded(action, instanceId, subscription, caller, Action.CREDENTIAL_MANAGE, (instance, source) -> {
      if (!source.signature().needsEngineSecret()) {
        return new SecretOutcome.Refused(refusal("no_secret", "subscription '" + subscription + "' is verified with the"
            + " provider's public key; there is no engine-held secret"));
      }
      if (!states.enabled(instanceId, subscription)) {
        return new SecretOutcome.Refused(refusal("not_enabled", "subscription '" + subscription + "' is not enabled"));
      }
      if (!secrets.available()) {
        return new SecretOutcome.Refused(refusal("no_key_service", "the engine has no key management service for webhook"
            + " secrets (WebhookConfig.keys)"));
      }
      return work.run(source.signature());
    });
    return result instanceof SecretOutcome s ? s : new SecretOutcome.Refused((Failed) result);
  }

  private SubscriptionOutcome manage(String action, String instanceId, String subscription, Caller caller,
      Action needed, Managed<SubscriptionOutcome> work) {
    Object result = guarded(action, instanceId, subscription, caller, needed, work::run);
    return result instanceof SubscriptionOutcome s ? s : new SubscriptionOutcome.Refused((Failed) result);
  }

  /**
   * A refusal, classified: who may not or what is not there ({@code policy_denied}, {@code not_found}, {@code
   * not_owner}) is {@code policy_denied}; a store, secret or provider that failed is transient; anything else
   * is the request's own problem ({@code validation_error}).
   */
  static Failed refusal(String code, String message) {
    FailureClass failureClass = code.equals("policy_denied") || code.equals("not_found") || code.equals("not_owner")
        ? FailureClass.POLICY_DENIED : code.endsWith("_unavailable") || code.equals("provider_failed")
        ? FailureClass.TRANSIENT : FailureClass.VALIDATION_ERROR;
    return Failed.of(failureClass, code, message);
  }

  private Object guarded(String action, String instanceId, String subscription, Caller caller, Action needed,
      Managed<?> work) {
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(subscription, "subscription");
    Objects.requireNonNull(caller, "caller");
    long start = System.nanoTime();
    ConnectorInstance instance = null;
    Object result = null;
    try {
      instance = reachable(instanceId, caller, needed);
    } catch (StoreException e) { // the instance could not be read: a typed refusal, as a failed write is
      result = refusal("store_unavailable", "the instance store failed; nothing was changed");
    }
    WebhookSource source = instance == null ? null : source(instance);
    String notOwner = instance == null ? null : boundary.cannotManage(instance, caller);
    if (result != null) {
      // refused above
    } else if (instance == null || source == null || !source.subscriptions().contains(subscription)) {
      result = refusal("not_found", "no webhook subscription '" + subscription + "' on connector instance '"
          + instanceId + "'");
    } else if (!PolicyGate.evaluate(policy, new PolicyContext(needed, caller.userId(), caller.groupIds(),
        caller.projectId(), instanceId, instance.connectorType(), action, ExecutionMode.SYNC)).allowed()) {
      result = refusal("policy_denied", "denied by policy: " + needed.wireName());
    } else if (notOwner != null) {
      // subscriptions and their secrets are the instance's configuration: only its owner changes them
      result = refusal("not_owner", notOwner);
    } else {
      try {
        result = work.run(instance, source);
      } catch (SecretUnavailableException e) {
        result = refusal("secret_unavailable", e.getMessage());
      } catch (StoreException e) {
        result = refusal("store_unavailable", "the webhook store failed; nothing was changed");
      }
    }
    Failed refused = result instanceof Failed f ? f : result instanceof SubscriptionOutcome.Refused r
        ? r.failure() : result instanceof SecretOutcome.Refused r ? r.failure() : null;
    FailureClass failure = refused == null ? null : refused.failureClass();
    String code = refused == null ? null : refused.code();
    audit.emit(action, caller.userId(), caller.projectId(), instanceId, instance == null ? null
        : instance.connectorType(), subscription, failure, code, System.nanoTime() - start,
        result instanceof SecretOutcome.Issued issued ? Map.of("secret_version", Integer.toString(issued.version()))
            : result instanceof SecretOutcome.Stored stored
                ? Map.of("secret_version", Integer.toString(stored.version())) : Map.of());
    return result;
  }

  private @Nullable ConnectorInstance reachable(String instanceId, Caller caller, Action action) {
    return instances.find(instanceId).filter(i -> !i.deleted()).filter(i -> boundary.reachable(i, caller, action))
        .orElse(null);
  }

  private @Nullable WebhookSource source(ConnectorInstance instance) {
    return types.find(instance.connectorType(), instance.connectorTypeVersion())
        .flatMap(t -> t.type().webhooks()).orElse(null);
  }
}
