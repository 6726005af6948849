package io.cynodeai.connector.core.internal.webhook;

import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.instance.InstanceStatus;
import io.cynodeai.connector.api.store.InstanceStore;
import io.cynodeai.connector.api.store.StoreException;
import io.cynodeai.connector.api.store.WebhookStore;
import io.cynodeai.connector.core.credentials.CredentialUnavailableException;
import io.cynodeai.connector.core.credentials.SecretUnavailableException;
import io.cynodeai.connector.core.internal.ActingUser;
import io.cynodeai.connector.core.internal.run.ConnectorCalls;
import io.cynodeai.connector.core.observe.ConnectorCall;
import io.cynodeai.connector.spi.ConnectorContext;
import io.cynodeai.connector.spi.webhook.ProviderSubscription;
import io.cynodeai.connector.spi.webhook.SubscriptionLifecycle;
import io.cynodeai.connector.spi.webhook.WebhookSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls a type's {@link SubscriptionLifecycle} for one instance and keeps what the provider answered: for the
 * host's {@code subscribe}/{@code renew}/{@code unsubscribe}, and on the engine's own account ({@code system})
 * to renew subscriptions before they lapse and to remove them at the provider when their instance is
 * uninstalled. Each call gets the instance's credentials and guarded network, and 30 s. Thread-safe.
 */
final class ProviderSubscriptions {
  private static final Logger LOG = LoggerFactory.getLogger(ProviderSubscriptions.class);
  static final String SYSTEM = "system";

  /** One provider call of the type's lifecycle. */
  @FunctionalInterface
  interface ProviderCall {
    @Nullable ProviderSubscription call(SubscriptionLifecycle lifecycle, ConnectorContext context,
        @Nullable ProviderSubscription stored) throws Exception;
  }

  private final WebhookStore store;
  private final InstanceStore instances;
  private final Function<ConnectorInstance, @Nullable WebhookSource> sources;
  private final ConnectorCalls calls;
  private final Duration timeout;
  private final WebhookAudit audit;
  private final Clock clock;

  ProviderSubscriptions(WebhookStore store, InstanceStore instances,
      Function<ConnectorInstance, @Nullable WebhookSource> sources, ConnectorCalls calls, Duration timeout,
      WebhookAudit audit, Clock clock) {
    this.store = store;
    this.instances = instances;
    this.sources = sources;
    this.calls = calls;
    this.timeout = timeout;
    this.audit = audit;
    this.clock = clock;
  }

  /** What one provider call came to: the provider's answer, what the call threw, or why it was cut. */
  private record Answer(@Nullable ProviderSubscription result, @Nullable Throwable thrown, @Nullable String cut) {}

  /** The observed kind of a provider call of the audited {@code action}. */
  private static ConnectorCall observed(String action) {
    switch (action) {
      case "webhook.subscribe":
        return ConnectorCall.SUBSCRIBE;
      case "webhook.renew":
        return ConnectorCall.RENEW;
      case "webhook.unsubscribe":
        return ConnectorCall.UNSUBSCRIBE;
      default:
        throw new IllegalArgumentException("not a provider subscription action: " + action);
    }
  }

  private static final ConnectorCalls.Answers<ProviderSubscription, Answer> ANSWERS = new ConnectorCalls.Answers<>() {
    @Override
    public Answer returned(@Nullable ProviderSubscription value, UnaryOperator<String> scrub) {
      return new Answer(value, null, null);
    }

    @Override
    public Answer threw(Throwable cause, UnaryOperator<String> scrub) {
      return new Answer(null, cause, null);
    }

    @Override
    public Answer timedOut(Duration after) {
      return new Answer(null, null, "timed out after " + after.toMillis() + " ms");
    }

    @Override
    public Answer interrupted() {
      return new Answer(null, null, "interrupted");
    }
  };

  /**
   * Runs {@code call} for the instance's subscription and stores the provider's answer (keeping whether the
   * subscription is enabled). Returns null when the provider answered, else the exception's type name.
   */
  @Nullable String run(String action, ConnectorInstance instance, SubscriptionLifecycle lifecycle,
      String subscription, ProviderCall call) throws SecretUnavailableException {
    WebhookStore.Subscription old = store.subscription(instance.id(), subscription).orElse(null);
    ProviderSubscription stored = old == null || old.providerId() == null ? null
        : new ProviderSubscription(old.providerId(), old.expiresAt());
    Answer answer;
    try {
      answer = calls.run(ConnectorCalls.Kind.SUBSCRIPTION, instance, ActingUser.current(), timeout,
          new ConnectorCalls.Observed(observed(action), subscription, null),
          context -> call.call(lifecycle, context, stored), ANSWERS);
    } catch (CredentialUnavailableException e) {
      return e.getClass().getSimpleName();
    }
    if (answer.thrown() instanceof SecretUnavailableException e) {
      throw e;
    }
    if (answer.thrown() instanceof StoreException e) {
      throw e;
    }
    if (answer.thrown() != null) {
      return answer.thrown().getClass().getSimpleName(); // the message may quote the provider's answer
    }
    if (answer.cut() != null) {
      return answer.cut();
    }
    ProviderSubscription result = answer.result();
    boolean enabled = old != null && old.enabled();
    store.putSubscription(new WebhookStore.Subscription(instance.id(), subscription, enabled,
        result == null ? null : result.providerId(), result == null ? null : result.expiresAt()));
    return null;
  }

  /**
   * Renews every provider subscription of an active instance that lapses within {@code margin}, as {@code
   * system}; each renewal is audited ({@code webhook.renew}). Returns how many were renewed.
   */
  int renewDue(Duration margin) {
    Instant horizon = clock.instant().plus(margin);
    int renewed = 0;
    for (ConnectorInstance instance : instances.list()) {
      if (instance.deleted() || instance.status() != InstanceStatus.ACTIVE
          && instance.status() != InstanceStatus.DEGRADED) {
        continue;
      }
      WebhookSource source = sources.apply(instance);
      SubscriptionLifecycle lifecycle = source == null ? null : source.lifecycle().orElse(null);
      if (lifecycle == null) {
        continue;
      }
      for (String subscription : source.subscriptions()) {
        WebhookStore.Subscription s = store.subscription(instance.id(), subscription).orElse(null);
        if (s != null && s.providerId() != null && s.expiresAt() != null && s.expiresAt().isBefore(horizon)
            && system("webhook.renew", instance, subscription, lifecycle, (l, c, stored) -> l.renew(c,
                java.util.Objects.requireNonNull(stored)))) {
          renewed++;
        }
      }
    }
    return renewed;
  }

  /**
   * Removes the instance's subscriptions at the provider, as {@code system} ({@code webhook.unsubscribe},
   * reason {@code uninstall}), before its webhook state is wiped. A provider that fails is audited and
   * otherwise left: the uninstall goes on.
   */
  void removeAll(String instanceId) {
    ConnectorInstance instance = instances.find(instanceId).orElse(null);
    WebhookSource source = instance == null ? null : sources.apply(instance);
    SubscriptionLifecycle lifecycle = source == null ? null : source.lifecycle().orElse(null);
    if (lifecycle == null) {
      return;
    }
    for (String subscription : source.subscriptions()) {
      WebhookStore.Subscription s = store.subscription(instanceId, subscription).orElse(null);
      if (s != null && s.providerId() != null) {
        system("webhook.unsubscribe", instance, subscription, lifecycle, (l, c, stored) -> {
          if (stored != null) {
            l.unsubscribe(c, stored);
          }
          return null;
        });
      }
    }
  }

  private boolean system(String action, ConnectorInstance instance, String subscription,
      SubscriptionLifecycle lifecycle, ProviderCall call) {
    long start = System.nanoTime();
    String failed;
    try {
      failed = run(action, instance, lifecycle, subscription, call);
    } catch (SecretUnavailableException | StoreException e) {
      failed = e.getClass().getSimpleName();
    }
    if (failed != null) {
      LOG.warn("{} of {}/{} failed ({})", action, instance.id(), subscription, failed);
    }
    audit.emit(action, SYSTEM, instance.projectId(), instance.id(), instance.connectorType(), subscription,
        failed == null ? null : FailureClass.TRANSIENT, failed == null ? null : "provider_failed",
        System.nanoTime() - start, failed == null ? Map.of("by", "engine")
            : Map.of("by", "engine", "error", failed));
    return failed == null;
  }
}
