package io.cynodeai.connector.reference.http.integration;

import static io.cynodeai.connector.reference.http.integration.StubHttpServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.reference.http.integration.StubHttpServer.Received;
import io.cynodeai.connector.reference.http.integration.StubHttpServer.Reply;
import io.cynodeai.connector.testkit.TestHost;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Which failures the engine retries for the {@code http} connector, and how often. */
@Tag("REQ-RETRY-002")
class HttpConnectorRetryTest {

  @Test
  void serverErrorThenSuccessSucceedsAfterOneRetry() {
    try (StubHttpServer server = StubHttpServer.start("/api"); TestHost h = server.host().start()) {
      server.on("/flaky", Reply.json(500, "{\"error\":\"boom\"}"), Reply.json(200, "{\"ok\":true}"));

      Outcome out = h.invoke("get", json("{\"path\":\"/flaky\"}"));

      assertThat(out).isInstanceOf(Succeeded.class);
      Succeeded s = (Succeeded) out;
      assertThat(s.response().data().get("status").asInt()).isEqualTo(200);
      assertThat(s.response().data().get("body")).isEqualTo(json("{\"ok\":true}"));
      assertThat(s.response().metadata().retryCount()).isEqualTo(1);
      assertThat(s.response().metadata().providerStatusCode()).isEqualTo(200);
      AuditEvent event = h.audit().last();
      assertThat(event.outcome()).isEqualTo(AuditEvent.SUCCEEDED);
      assertThat(event.retryCount()).isEqualTo(1);
      assertThat(event.providerStatusCode()).isEqualTo(200);
      assertThat(server.received("/flaky")).hasSize(2);
    }
  }

  @Test
  @Tag("REQ-RETRY-001")
  void badRequestFailsPermanentlyAfterExactlyOneRequest() {
    try (StubHttpServer server = StubHttpServer.start("/api"); TestHost h = server.host().start()) {
      server.on("/items", Reply.json(400, "{\"error\":\"secret-detail\"}"));

      Outcome out = h.invoke("get", json("{\"path\":\"/items\"}"));

      assertThat(out).isEqualTo(new Failed(FailureClass.PERMANENT, "provider_status_400",
          "HTTP 400 from GET /items", false, 400, null, List.of()));
      assertThat(server.received("/items")).hasSize(1);
      assertThat(h.audit().last().retryCount()).isZero();
      assertThat(h.audit().last().errorCode()).isEqualTo("provider_status_400");
    }
  }

  @Test
  void persistentServerErrorIsRetriedThreeTimesThenFailsAsTransient() {
    try (StubHttpServer server = StubHttpServer.start("/api"); TestHost h = server.host().start()) {
      server.on("/down", Reply.status(503));

      Outcome out = h.invoke("get", json("{\"path\":\"/down\"}"));

      assertThat(out).isInstanceOf(Failed.class);
      Failed f = (Failed) out;
      assertThat(f.failureClass()).isEqualTo(FailureClass.TRANSIENT);
      assertThat(f.code()).isEqualTo("provider_status_503");
      assertThat(f.providerStatus()).isEqualTo(503);
      assertThat(server.received("/down")).hasSize(4);
      assertThat(h.audit().last().retryCount()).isEqualTo(3);
    }
  }

  @Test
  void sendIsNeverRetriedEvenOnATransientStatus() {
    try (StubHttpServer server = StubHttpServer.start("/api"); TestHost h = server.host().start()) {
      server.on("/orders", Reply.status(503), Reply.json(201, "{\"id\":1}"));

      Outcome out = h.invokeWithNewKey("send",
          json("{\"method\":\"POST\",\"path\":\"/orders\",\"body\":{\"sku\":\"a\"}}"));

      assertThat(out).isInstanceOf(Failed.class);
      Failed f = (Failed) out;
      assertThat(f.failureClass()).isEqualTo(FailureClass.TRANSIENT);
      assertThat(f.code()).isEqualTo("provider_status_503");
      assertThat(f.retryable()).isTrue();
      assertThat(server.received("/orders")).hasSize(1);
      assertThat(h.audit().last().retryCount()).isZero();
    }
  }

  @Test
  @Tag("REQ-RATE-006")
  void rateLimitedGetIsRetriedAfterTheProvidersRetryAfter() {
    try (StubHttpServer server = StubHttpServer.start("/api"); TestHost h = server.host().start()) {
      server.on("/limited", Reply.status(429).header("Retry-After", "1"), Reply.json(200, "{\"ok\":true}"));

      Outcome out = h.invoke("get", json("{\"path\":\"/limited\"}"));

      assertThat(out).isInstanceOf(Succeeded.class);
      assertThat(((Succeeded) out).response().metadata().retryCount()).isEqualTo(1);
      List<Received> requests = server.received("/limited");
      assertThat(requests).hasSize(2);
      long waitedMs = TimeUnit.NANOSECONDS.toMillis(requests.get(1).nanoTime() - requests.get(0).nanoTime());
      // The backoff alone would wait about 50 ms; Retry-After asks for 1 s (the engine may add jitter).
      assertThat(waitedMs).isGreaterThanOrEqualTo(700);
    }
  }

  @Test
  @Tag("REQ-RATE-006")
  @Tag("REQ-RETRY-001")
  void retryAfterBeyondTheDeadlineFailsAsQuotaExceededWithTheHint() {
    try (StubHttpServer server = StubHttpServer.start("/api"); TestHost h = server.host().start()) {
      server.on("/limited", Reply.status(429).header("Retry-After", "60"));
      long start = System.nanoTime();

      Outcome out = h.invoke("get", json("{\"path\":\"/limited\"}"));

      assertThat(out).isInstanceOf(Failed.class);
      Failed f = (Failed) out;
      assertThat(f.failureClass()).isEqualTo(FailureClass.QUOTA_EXCEEDED);
      assertThat(f.code()).isEqualTo("provider_rate_limited");
      assertThat(f.retryable()).isTrue();
      assertThat(f.providerStatus()).isEqualTo(429);
      assertThat(f.retryAfter()).isEqualTo(Duration.ofSeconds(60));
      assertThat(server.received("/limited")).hasSize(1);
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2_000);
    }
  }
}
