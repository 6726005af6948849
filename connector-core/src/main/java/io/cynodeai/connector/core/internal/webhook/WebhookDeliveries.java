package io.cynodeai.connector.core.internal.webhook;

import io.cynodeai.connector.core.observe.ConnectorCall;
import io.cynodeai.connector.core.observe.EngineObserver;
import io.cynodeai.connector.core.observe.ObservedScope;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.instance.InstanceStatus;
import io.cynodeai.connector.api.store.InstanceStore;
import io.cynodeai.connector.api.store.StoreException;
import io.cynodeai.connector.api.store.WebhookStore;
import io.cynodeai.connector.api.webhook.CanonicalEvent;
import io.cynodeai.connector.api.webhook.WebhookDelivery;
import io.cynodeai.connector.api.webhook.WebhookResult;
import io.cynodeai.connector.core.credentials.SecretUnavailableException;
import io.cynodeai.connector.core.internal.ActingUser;
import io.cynodeai.connector.core.internal.catalog.RegisteredType;
import io.cynodeai.connector.core.internal.catalog.TypeRegistry;
import io.cynodeai.connector.core.internal.normalize.Redactor;
import io.cynodeai.connector.core.internal.run.ConnectorCalls;
import io.cynodeai.connector.core.webhook.WebhookConfig;
import io.cynodeai.connector.spi.webhook.InboundEvent;
import io.cynodeai.connector.spi.webhook.ParsedDelivery;
import io.cynodeai.connector.spi.webhook.WebhookRequest;
import io.cynodeai.connector.spi.webhook.WebhookSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The delivery path of the webhook gateway: size cap, instance and subscription, signature and replay window
 * (before the body is parsed), parsing by the connector, deduplication by event id, the canonical format with
 * redaction, the subscriber, audit. Thread-safe.
 */
final class WebhookDeliveries {
  /** How long a claimed event id is locked while the subscriber runs; a node dying mid-delivery frees it then. */
  static final Duration CLAIM_LOCK = Duration.ofSeconds(30);
  private static final System.Logger LOG = System.getLogger(WebhookDeliveries.class.getName());

  private final TypeRegistry types;
  private final InstanceStore instances;
  private final WebhookStore store;
  private final SubscriptionStates states;
  private final WebhookSecrets secrets;
  private final WebhookConfig config;
  private final WebhookAudit audit;
  private final Clock clock;
  private final ConnectorCalls calls;
  private final EngineObserver observer;
  private final DuplicateAnswers duplicates;
  /** Each source's compiled redaction rules (a source belongs to one registered type version). */
  private final Cache<WebhookSource, Redactor> redactors = Caffeine.newBuilder().weakKeys().maximumSize(1_000)
      .executor(Runnable::run).build();

  WebhookDeliveries(TypeRegistry types, InstanceStore instances, WebhookStore store, SubscriptionStates states,
      WebhookSecrets secrets, WebhookConfig config, WebhookAudit audit, Clock clock, ConnectorCalls calls,
      EngineObserver observer) {
    this.observer = observer;
    this.duplicates = new DuplicateAnswers(config.dedupTtl());
    this.types = types;
    this.instances = instances;
    this.store = store;
    this.states = states;
    this.secrets = secrets;
    this.config = config;
    this.audit = audit;
    this.clock = clock;
    this.calls = calls;
  }

  /** The delivery's outcome, its audit details, and the instance it resolved to (if any). */
  private record Handled(WebhookResult result, @Nullable ConnectorInstance instance, String reason,
      @Nullable Counts counts) {}

  /** How many of a delivery's events were delivered and how many were duplicates (audit details). */
  private record Counts(int delivered, int duplicates) {}

  WebhookResult deliver(String instanceId, String subscription, WebhookDelivery delivery) {
    long start = System.nanoTime();
    Instant now = clock.instant(); // one reading for the verification, the secrets' grace and the audit event
    ObservedScope scope = observer.webhookDelivery(instanceId, subscription);
    Handled handled;
    try {
      handled = handle(instanceId, subscription, delivery, scope, now);
    } catch (RuntimeException | Error e) {
      if (!(e instanceof StoreException)) {
        scope.end(Failed.of(FailureClass.PERMANENT, "engine_error", e.getClass().getSimpleName()), null, 0);
        throw e;
      }
      LOG.log(System.Logger.Level.WARNING, "webhook store failed during a delivery to {0} ({1})", instanceId,
          e.getClass().getName());
      handled = new Handled(new WebhookResult.Rejected(503, "store_unavailable",
          "the delivery could not be recorded; retry later"), null, "store_unavailable", null);
    }
    record(instanceId, subscription, handled, System.nanoTime() - start, now);
    if (scope != ObservedScope.NONE) {
      scope.end(handled.result() instanceof WebhookResult.Rejected r ? Failed.of(r.httpStatus() >= 500
          ? FailureClass.TRANSIENT : FailureClass.PERMANENT, r.code(), r.code()) : null, null, 0);
    }
    return handled.result();
  }

  private Handled handle(String instanceId, String subscription, WebhookDelivery delivery, ObservedScope scope,
      Instant now) {
    if (delivery.bodyLength() > config.maxBodyBytes()) {
      return rejected(413, "payload_too_large", "the body is larger than " + config.maxBodyBytes() + " bytes",
          null, "payload_too_large");
    }
    ConnectorInstance instance = instances.find(instanceId).filter(i -> !i.deleted()).orElse(null);
    RegisteredType type = instance == null ? null
        : types.find(instance.connectorType(), instance.connectorTypeVersion()).orElse(null);
    WebhookSource source = type == null ? null : type.type().webhooks().orElse(null);
    String reason = instance == null ? "unknown_instance"
        : source == null ? "webhooks_not_supported"
        : !source.subscriptions().contains(subscription) ? "unknown_subscription"
        : instance.status() != InstanceStatus.ACTIVE && instance.status() != InstanceStatus.DEGRADED
            ? "instance_not_active"
        : !states.enabled(instanceId, subscription) ? "subscription_disabled" : null;
    if (reason != null || source == null) {
      // one answer for all of them, so a caller cannot probe which instances and subscriptions exist
      return rejected(404, "not_found", "no such webhook endpoint", instance, String.valueOf(reason));
    }
    if (delivery.bodyLength() > source.maxBodyBytes()) {
      return rejected(413, "payload_too_large", "the body is larger than " + source.maxBodyBytes() + " bytes",
          instance, "payload_too_large");
    }
    byte[] body = delivery.body();
    DeliveryHeaders headers = new DeliveryHeaders(delivery.headers());
    SignatureVerifier.Verdict verdict;
    try {
      List<OpenedSecret> accepted = source.signature().needsEngineSecret()
          ? secrets.accepted(instanceId, subscription, now) : List.of();
      if (source.signature().needsEngineSecret() && accepted.isEmpty()) {
        return rejected(401, "signature_invalid", "the delivery's signature does not verify", instance,
            secrets.available() ? "no_secret_issued" : "no_key_service");
      }
      verdict = SignatureVerifier.verify(source.signature(), headers, body, accepted, instance.config(),
          now, config.replayWindow());
    } catch (SecretUnavailableException e) {
      return rejected(503, "secret_unavailable", "the verification secret cannot be read now", instance,
          "secret_unavailable");
    }
    if (verdict != SignatureVerifier.Verdict.VERIFIED) {
      String message = verdict == SignatureVerifier.Verdict.TIMESTAMP_OUTSIDE_WINDOW
          ? "the delivery's timestamp is outside the replay window" : verdict == SignatureVerifier.Verdict
          .SIGNATURE_MISSING ? "the delivery is not signed" : "the delivery's signature does not verify";
      return rejected(401, verdict.code(), message, instance, verdict.code());
    }
    String idHeader = source.signature().idHeader();
    String messageKey = idHeader == null ? null
        : "message:" + storageKey(headers.header(idHeader).orElseThrow().strip());
    if (messageKey != null && store.claim(instance.id(), subscription, messageKey, CLAIM_LOCK)
        != WebhookStore.Claim.CLAIMED) {
      // the signed message id was delivered before (or is being delivered now): none of its events run again;
      // answered from memory when this node delivered it, else after parsing for the event ids and the reply
      WebhookResult.Duplicate answered = duplicates.answer(instance.id(), subscription, messageKey);
      if (answered != null) {
        return new Handled(answered, instance, "duplicate", new Counts(0, answered.eventIds().size()));
      }
      Object parsed = parse(instance, subscription, source, request(delivery, body), scope);
      if (parsed instanceof WebhookResult.Rejected refused) {
        return new Handled(refused, instance, refused.code(), null);
      }
      ParsedDelivery delivered = (ParsedDelivery) parsed;
      List<String> ids = delivered.events().stream().map(InboundEvent::id).toList();
      return new Handled(new WebhookResult.Duplicate(ids, delivered.reply()), instance, "duplicate",
          new Counts(0, ids.size()));
    }
    return parseAndDispatch(instance, subscription, source, request(delivery, body), delivery, scope, messageKey);
  }

  /** The connector's view of a verified delivery: only a delivery about to be parsed is copied into one. */
  private static WebhookRequest request(WebhookDelivery delivery, byte[] body) {
    return new WebhookRequest(delivery.headers(), body, delivery.receivedAt());
  }

  private Object parse(ConnectorInstance instance, String subscription, WebhookSource source,
      WebhookRequest request, ObservedScope scope) {
    return calls.run(ConnectorCalls.Kind.WEBHOOK_PARSE, instance, ActingUser.SYSTEM,
        config.parseTimeout(), new ConnectorCalls.Observed(ConnectorCall.WEBHOOK_PARSE, subscription, scope),
        source.interruptible() ? source : null, context -> source.parse(context, subscription, request),
        PARSE_ANSWERS);
  }

  private Handled parseAndDispatch(ConnectorInstance instance, String subscription, WebhookSource source,
      WebhookRequest request, WebhookDelivery delivery, ObservedScope scope, @Nullable String messageKey) {
    Object parsedOrRefusal = parse(instance, subscription, source, request, scope);
    Handled handled;
    if (parsedOrRefusal instanceof WebhookResult.Rejected refused) {
      handled = new Handled(refused, instance, refused.code(), null);
    } else {
      ParsedDelivery parsed = (ParsedDelivery) parsedOrRefusal;
      handled = dispatch(instance, subscription, source, parsed, delivery);
      if (messageKey != null && !(handled.result() instanceof WebhookResult.Rejected)) {
        store.complete(instance.id(), subscription, messageKey, config.dedupTtl());
        duplicates.remember(instance.id(), subscription, messageKey, parsed);
      }
    }
    if (messageKey != null && handled.result() instanceof WebhookResult.Rejected) {
      store.release(instance.id(), subscription, messageKey);
    }
    return handled;
  }

  /**
   * A parse's answer: the parsed delivery, or the refusal. An exception's message may quote the body: only its
   * class is reported. A parse past its timeout is refused with 503, so the provider delivers again later.
   */
  private static final ConnectorCalls.Answers<ParsedDelivery, Object> PARSE_ANSWERS = new ConnectorCalls.Answers<>() {
    @Override
    public Object returned(@Nullable ParsedDelivery parsed, UnaryOperator<String> scrub) {
      return parsed != null ? parsed : malformed("no result");
    }

    @Override
    public Object threw(Throwable cause, UnaryOperator<String> scrub) {
      return malformed(cause.getClass().getSimpleName());
    }

    @Override
    public Object timedOut(Duration timeout) {
      return new WebhookResult.Rejected(503, "parse_timeout", "the connector did not read the delivery within "
          + timeout.toMillis() + " ms; deliver it again later");
    }

    @Override
    public Object interrupted() {
      return new WebhookResult.Rejected(503, "unavailable", "the delivery was interrupted; deliver it again later");
    }

    @Override
    public @Nullable Failed observedFailure(Object answer) {
      return answer instanceof WebhookResult.Rejected r ? Failed.of(FailureClass.PERMANENT, r.code(), r.code()) : null;
    }

    private Object malformed(String why) {
      return new WebhookResult.Rejected(400, "malformed", "the body could not be read as this subscription's"
          + " events (" + why + ")");
    }
  };

  private Handled dispatch(ConnectorInstance instance, String subscription, WebhookSource source,
      ParsedDelivery parsed, WebhookDelivery delivery) {
    Redactor redactor = redactors.get(source, s -> Redactor.of(s.redactions()));
    List<CanonicalEvent> delivered = new ArrayList<>();
    List<String> duplicates = new ArrayList<>();
    for (InboundEvent event : parsed.events()) {
      String key = storageKey(event.id());
      WebhookStore.Claim claim = store.claim(instance.id(), subscription, key, CLAIM_LOCK);
      if (claim != WebhookStore.Claim.CLAIMED) {
        duplicates.add(event.id());
        continue;
      }
      Redactor.Redacted redacted = redactor.apply(event.data());
      CanonicalEvent canonical = new CanonicalEvent(event.id(), instance.id(), instance.connectorType(),
          subscription, event.type(), event.occurredAt(), delivery.receivedAt(), redacted.data(),
          redacted.pointers());
      try {
        config.subscriber().accept(canonical);
      } catch (RuntimeException e) {
        store.release(instance.id(), subscription, key);
        Counts details = new Counts(delivered.size(), duplicates.size());
        return new Handled(new WebhookResult.Rejected(500, "delivery_failed", "the host could not take the event;"
            + " redeliver it"), instance, "subscriber_failed (" + e.getClass().getSimpleName() + ")", details);
      }
      store.complete(instance.id(), subscription, key, config.dedupTtl());
      delivered.add(canonical);
    }
    Counts details = new Counts(delivered.size(), duplicates.size());
    if (delivered.isEmpty() && !duplicates.isEmpty()) {
      return new Handled(new WebhookResult.Duplicate(duplicates, parsed.reply()), instance, "duplicate", details);
    }
    return new Handled(new WebhookResult.Accepted(delivered, duplicates.size(), parsed.reply()), instance,
        "accepted", details);
  }

  private static Handled rejected(int status, String code, String message, @Nullable ConnectorInstance instance,
      String reason) {
    return new Handled(new WebhookResult.Rejected(status, code, message), instance, reason, null);
  }

  /** Event ids up to 200 characters are stored as they are; longer ones by their SHA-256. */
  static String storageKey(String eventId) {
    if (eventId.length() <= 200) {
      return eventId;
    }
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(eventId.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void record(String instanceId, String subscription, Handled handled, long nanos, Instant now) {
    ConnectorInstance instance = handled.instance();
    FailureClass failure = null;
    String code = null;
    String outcome = null;
    if (handled.result() instanceof WebhookResult.Rejected r) {
      code = r.code();
      failure = r.httpStatus() >= 500 ? FailureClass.TRANSIENT
          : r.httpStatus() == 400 || r.httpStatus() == 413 ? FailureClass.VALIDATION_ERROR
          : FailureClass.POLICY_DENIED;
    } else {
      outcome = handled.result() instanceof WebhookResult.Duplicate ? "duplicate" : "accepted";
    }
    AuditEvent.Builder event = audit.event(now, "webhook.deliver", WebhookAudit.DELIVERY_USER,
        instance == null ? null : instance.projectId(), instanceId, instance == null ? null
        : instance.connectorType(), subscription, failure, code, nanos);
    Counts counts = handled.counts();
    if (counts != null) {
      event.detail("events_delivered", Integer.toString(counts.delivered()))
          .detail("duplicates", Integer.toString(counts.duplicates()));
    }
    event.detail("http_status", Integer.toString(handled.result().httpStatus())).detail("reason", handled.reason());
    if (outcome != null) {
      event.detail("outcome", outcome);
    }
    audit.emit(event);
  }
}
