package io.cynodeai.connector.core;

import static io.cynodeai.connector.core.EngineHarness.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.api.poll.PollReport;
import io.cynodeai.connector.spi.ConnectorContext;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.PollResult;
import io.cynodeai.connector.spi.PollingSource;
import io.cynodeai.connector.spi.ProviderException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A provider's rate limit is the instance's, whoever met it: a 429 answered to a poll holds the instance's calls
 * until the reset, and a poll does not run while the instance is held.
 */
class PollQuotaTest {

  /** Answers every poll with a 429 asking to wait an hour. */
  private static final class Limited implements PollingSource {
    final AtomicInteger polls = new AtomicInteger();

    @Override
    public Duration interval() {
      return Duration.ofHours(1);
    }

    @Override
    public PollResult poll(ConnectorContext context, @Nullable String cursor) {
      polls.incrementAndGet();
      throw ProviderException.rateLimited(429, Duration.ofHours(1), "HTTP 429 from GET /events");
    }
  }

  @Test
  @Tag("REQ-INBOUND-008")
  void aRateLimitedPollHoldsTheInstancesCallsAndItsNextPolls() throws Exception {
    Limited source = new Limited();
    try (EngineHarness h = new EngineHarness(TestTypes.type("poller",
        TestTypes.echo((ctx, in) -> HandlerResult.of(in))).polling(source).build(),
        b -> b.polling(events -> {}))) {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      // the schedule's start-up poll, audited once it is over (and the 429 recorded)
      while (h.audit.events(e -> e.type() == AuditEventType.POLL).isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(5); // polling with a deadline for the audited poll: it has no notification
      }
      assertThat(source.polls.get()).isEqualTo(1);

      Outcome call = h.invoke("echo", "{\"text\":\"hi\"}");
      Failed refused = (Failed) call;
      assertThat(refused.failureClass()).isEqualTo(FailureClass.QUOTA_EXCEEDED);
      assertThat(refused.code()).isEqualTo("provider_quota_exhausted");

      PollReport held = h.engine.poll("inst-1", ALICE);
      assertThat(held.succeeded()).isFalse();
      assertThat(held.errorCode()).isEqualTo("provider_quota_exhausted");
      assertThat(source.polls.get()).as("the provider was not asked again").isEqualTo(1);
      assertThat(h.audit.events(e -> e.type() == AuditEventType.POLL
          && "provider_quota_exhausted".equals(e.errorCode()))).singleElement()
          .satisfies(e -> assertThat(e.failureClass()).isEqualTo(FailureClass.QUOTA_EXCEEDED));
      assertThat(h.audit.events(e -> e.type() == AuditEventType.POLL)).as("the 429 poll and the held poll")
          .hasSize(2).allSatisfy(e -> assertThat(e.failureClass()).isEqualTo(FailureClass.QUOTA_EXCEEDED));
    }
  }
}
