package io.cynodeai.connector.reference.http.integration;

import static io.cynodeai.connector.reference.http.integration.StubHttpServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.reference.http.HttpConnectorProvider;
import io.cynodeai.connector.reference.http.integration.StubHttpServer.Reply;
import io.cynodeai.connector.testkit.TestHost;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A provider that never answers costs the caller no more than the timeout cap. */
@Tag("REQ-EXEC-003")
class HttpConnectorTimeoutTest {
  private static final Duration CAP = Duration.ofMillis(500);
  private static final long MARGIN_MS = 1_000;

  @Test
  void hangingProviderFailsAsTransientTimeoutWithinTheCap() {
    try (StubHttpServer server = StubHttpServer.start("/api");
        TestHost h = server.host(new HttpConnectorProvider(CAP))
            .engine(engine -> engine.limits(l -> l.withSyncTimeoutCap(CAP))).start()) {
      server.on("/slow", Reply.json(200, "{}").after(Duration.ofSeconds(10)));
      long start = System.nanoTime();

      Outcome out = h.invoke("get", json("{\"path\":\"/slow\"}"));

      long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertThat(out).isInstanceOf(Failed.class);
      Failed f = (Failed) out;
      assertThat(f.failureClass()).isEqualTo(FailureClass.TRANSIENT);
      assertThat(f.code()).isEqualTo("timeout");
      assertThat(tookMs).isBetween(CAP.toMillis() - 50, CAP.toMillis() + MARGIN_MS);
      assertThat(h.audit().last().errorCode()).isEqualTo("timeout");
      // the operation runs on the caller's thread (interruptible): it gave up at the cap, nothing was flagged
      assertThat(h.audit().last().details()).doesNotContainKey("watchdog");
    }
  }

  @Test
  @Tag("REQ-RETRY-002")
  void configuredTimeoutCutsEachAttemptShortAndTimeoutsAreRetried() {
    try (StubHttpServer server = StubHttpServer.start("/api");
        TestHost h = server.host().config(server.config().put("timeoutMs", 200)).start()) {
      server.on("/slow", Reply.json(200, "{}").after(Duration.ofSeconds(10)));
      long start = System.nanoTime();

      Outcome out = h.invoke("get", json("{\"path\":\"/slow\"}"));

      long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertThat(out).isInstanceOf(Failed.class);
      assertThat(((Failed) out).code()).isEqualTo("timeout");
      assertThat(server.received("/slow")).hasSize(4);
      // Four attempts of 200 ms plus three short backoffs: far below the operation's 10 s cap.
      assertThat(tookMs).isLessThan(4_000);
    }
  }
}
