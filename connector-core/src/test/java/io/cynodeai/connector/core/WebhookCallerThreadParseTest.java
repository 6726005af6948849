package io.cynodeai.connector.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.api.webhook.SecretOutcome;
import io.cynodeai.connector.api.webhook.SubscriptionOutcome;
import io.cynodeai.connector.api.webhook.WebhookDelivery;
import io.cynodeai.connector.api.webhook.WebhookResult;
import io.cynodeai.connector.core.credentials.LocalKeyManagementService;
import io.cynodeai.connector.core.webhook.WebhookConfig;
import io.cynodeai.connector.spi.ConnectorContext;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spi.webhook.InboundEvent;
import io.cynodeai.connector.spi.webhook.ParsedDelivery;
import io.cynodeai.connector.spi.webhook.SignatureScheme;
import io.cynodeai.connector.spi.webhook.WebhookRequest;
import io.cynodeai.connector.spi.webhook.WebhookSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A webhook source that declares its parse interruptible is parsed on the thread that calls {@code deliver},
 * cut at the parse timeout by the watchdog, and moved to handler threads once it ignores the interrupt; one
 * that does not declare it is parsed on a handler thread, as before.
 */
@Tag("REQ-INBOUND-002")
class WebhookCallerThreadParseTest {
  private static final Caller ALICE = Caller.user("alice", "proj-a");
  private static final Duration PARSE_TIMEOUT = Duration.ofMillis(300);

  /** What the next parse does. */
  enum Behaviour { PARSE, SLEEP, IGNORE_INTERRUPT }

  private final AtomicReference<Behaviour> next = new AtomicReference<>(Behaviour.PARSE);
  private final AtomicReference<@Nullable Thread> parsedOn = new AtomicReference<>();
  private final AtomicInteger ids = new AtomicInteger();
  private @Nullable ConnectorEngine engine;
  private char[] secret = new char[0];

  private final class Source implements WebhookSource {
    private final boolean interruptible;

    Source(boolean interruptible) {
      this.interruptible = interruptible;
    }

    @Override
    public List<String> subscriptions() {
      return List.of("events");
    }

    @Override
    public SignatureScheme signature() {
      return HmacHooks.SCHEME;
    }

    @Override
    public boolean interruptible() {
      return interruptible;
    }

    @Override
    public ParsedDelivery parse(ConnectorContext context, String subscription, WebhookRequest request)
        throws InterruptedException {
      parsedOn.set(Thread.currentThread());
      switch (next.get()) {
        case SLEEP -> new CountDownLatch(1).await(30, TimeUnit.SECONDS); // blocks until interrupted
        case IGNORE_INTERRUPT -> {
          // a busy loop that never looks at its interrupt, bounded to 2 s past the timeout
          long until = System.nanoTime() + PARSE_TIMEOUT.toNanos() + TimeUnit.SECONDS.toNanos(2);
          while (System.nanoTime() < until) {
            Thread.onSpinWait();
          }
        }
        default -> { }
      }
      return new ParsedDelivery(List.of(new InboundEvent(request.bodyJson().get("id").asText(), "ping", null,
          request.bodyJson())), null);
    }
  }

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
  }

  private void start(boolean interruptible) {
    ConnectorType type = TestTypes.type("hooks", TestTypes.echo((ctx, in) -> HandlerResult.of(in)))
        .webhooks(new Source(interruptible)).build();
    engine = ConnectorEngines.builder().register(type).policy(PolicyEngine.allowAll())
        .webhooks(WebhookConfig.builder(event -> { }).keys(new LocalKeyManagementService("webhooks"))
            .callTimeouts(PARSE_TIMEOUT, Duration.ofSeconds(5)).build())
        .build();
    assertThat(engine.instances().install(InstanceDefinition.builder("h1", "hooks")
        .config(JsonResources.parse("{\"endpoint\":\"x\"}")).owner(OwnerScope.user("alice")).projectId("proj-a")
        .build(), ALICE)).isInstanceOf(LifecycleOutcome.Applied.class);
    assertThat(engine.instances().enable("h1", ALICE)).isInstanceOf(LifecycleOutcome.Applied.class);
    assertThat(engine.webhooks().enable("h1", "events", ALICE)).isInstanceOf(SubscriptionOutcome.Applied.class);
    secret = ((SecretOutcome.Issued) engine.webhooks().revealSecret("h1", "events", ALICE)).secret();
  }

  private WebhookResult deliver(String body) {
    long ts = Instant.now().getEpochSecond();
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return engine.webhooks().deliver("h1", "events", new WebhookDelivery(Map.of("X-Ts", List.of(Long.toString(ts)),
        "X-Sig", List.of(HmacHooks.sign(secret, ts, bytes))), bytes, Instant.now()));
  }

  private WebhookResult deliverNew() {
    return deliver("{\"id\":\"e" + ids.incrementAndGet() + "\"}");
  }

  @Test
  void anInterruptibleSourceIsParsedOnTheCallersThread() {
    start(true);
    assertThat(deliverNew()).isInstanceOf(WebhookResult.Accepted.class);
    assertThat(parsedOn.get()).isSameAs(Thread.currentThread());
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void aSourceThatDoesNotDeclareItIsParsedOnAHandlerThread() {
    start(false);
    assertThat(deliverNew()).isInstanceOf(WebhookResult.Accepted.class);
    assertThat(parsedOn.get()).isNotNull().isNotSameAs(Thread.currentThread());
  }

  @Test
  void aParseOnTheCallersThreadIsInterruptedAtItsTimeout() {
    start(true);
    next.set(Behaviour.SLEEP);
    long start = System.nanoTime();
    WebhookResult result = deliverNew();
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertThat(parsedOn.get()).isSameAs(Thread.currentThread());
    assertThat(result).isInstanceOfSatisfying(WebhookResult.Rejected.class, r -> {
      assertThat(r.httpStatus()).as("the provider delivers again later").isEqualTo(503);
      assertThat(r.code()).isEqualTo("parse_timeout");
    });
    assertThat(tookMs).as("answered when the interrupted parse gave up, not after its 30 s sleep")
        .isGreaterThanOrEqualTo(PARSE_TIMEOUT.toMillis()).isLessThan(10_000);
    assertThat(Thread.currentThread().isInterrupted()).as("the watchdog's interrupt does not leak to the host")
        .isFalse();
    next.set(Behaviour.PARSE);
    assertThat(deliverNew()).isInstanceOf(WebhookResult.Accepted.class);
    assertThat(parsedOn.get()).as("a parse that honours the interrupt stays on the caller's thread")
        .isSameAs(Thread.currentThread());
  }

  @Test
  void aParseThatIgnoresTheInterruptIsMovedToHandlerThreads() {
    start(true);
    next.set(Behaviour.IGNORE_INTERRUPT);
    assertThat(deliverNew()).isInstanceOfSatisfying(WebhookResult.Rejected.class,
        r -> assertThat(r.code()).isEqualTo("parse_timeout"));
    assertThat(Thread.currentThread().isInterrupted()).isFalse();

    next.set(Behaviour.PARSE);
    assertThat(deliverNew()).isInstanceOf(WebhookResult.Accepted.class);
    assertThat(parsedOn.get()).as("from now on, parsed where the engine can answer at the timeout")
        .isNotNull().isNotSameAs(Thread.currentThread());
  }

  @Test
  void aBodyThatIsNotOneJsonDocumentIsMalformed() {
    start(true);
    for (String body : List.of("{\"id\":\"e1\"} {\"id\":\"e2\"}", "not json", "")) {
      assertThat(deliver(body)).as(body).isInstanceOfSatisfying(WebhookResult.Rejected.class, r -> {
        assertThat(r.httpStatus()).isEqualTo(400);
        assertThat(r.code()).isEqualTo("malformed");
      });
    }
  }
}
