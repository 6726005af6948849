package io.cynodeai.connector.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.core.observe.EngineObserver;
import io.cynodeai.connector.core.observe.ObservedScope;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.ProviderException;
import io.cynodeai.connector.spi.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The engine's observer hook, without any tracing library: what it is told, in order, and its no-op default. */
class EngineObserverTest {

  /** Records every callback as a line. */
  static final class Recording implements EngineObserver {
    final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public ObservedScope invocation(InvocationRequest request, @Nullable ObservedScope parent) {
      lines.add("invoke " + request.operation() + (parent == null ? "" : " in a job"));
      return scope("invoke");
    }

    private ObservedScope scope(String name) {
      return new ObservedScope() {
        @Override
        public ObservedScope attempt(int number) {
          lines.add("attempt " + number);
          return scope("attempt " + number);
        }

        @Override
        public void end(@Nullable Failed failure, @Nullable Integer providerStatus, int retries) {
          lines.add("end " + name + " " + (failure == null ? "ok" : failure.code()) + " status=" + providerStatus
              + " retries=" + retries);
        }
      };
    }
  }

  @Test
  void anInvocationAndEachAttemptAreStartedAndEndedWithTheirOutcome() {
    Recording observer = new Recording();
    AtomicInteger calls = new AtomicInteger();
    try (EngineHarness h = new EngineHarness(TestTypes.type("flaky", TestTypes.echo((ctx, input) -> {
      if (calls.incrementAndGet() == 1) {
        throw ProviderException.status(503, "busy");
      }
      return HandlerResult.of(input).withProviderStatus(200);
    }).retry(RetryPolicy.exponential(2).withDelays(Duration.ofMillis(1), Duration.ofMillis(2)).withJitter(0)))
        .build(), b -> b.observer(observer))) {

      assertThat(h.invoke("echo", "{\"text\":\"hi\"}")).isInstanceOf(Succeeded.class);

      assertThat(observer.lines).containsExactly("invoke echo", "attempt 1",
          "end attempt 1 provider_status_503 status=503 retries=0",
          "attempt 2", "end attempt 2 ok status=200 retries=1", "end invoke ok status=200 retries=1");
    }
  }

  @Test
  void theDefaultObserverStartsNothing() {
    InvocationRequest request = InvocationRequest.of("i", "op", EngineHarness.json("{}"),
        EngineHarness.ALICE);

    assertThat(EngineObserver.none().invocation(request, null)).isSameAs(ObservedScope.NONE);
    assertThat(EngineObserver.none().jobRun("j", 1, request)).isSameAs(ObservedScope.NONE);
    assertThat(EngineObserver.none().poll("i", true)).isSameAs(ObservedScope.NONE);
    assertThat(EngineObserver.none().webhookDelivery("i", "s")).isSameAs(ObservedScope.NONE);
    assertThat(ObservedScope.NONE.attempt(1)).isSameAs(ObservedScope.NONE);
  }
}
