package io.cynodeai.connector.core.internal.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.spi.JsonResources;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chain's contract: links run in order, a refusal stops it, and a link's after work runs however it ends. */
class ChainTest {
  private final List<String> trace = new ArrayList<>();
  private final Invocation invocation = new Invocation(InvocationRequest.of("i1", "op",
      JsonResources.parse("{}"), Caller.user("alice", "p")), System.nanoTime());

  /** A link that holds something around the rest of the chain, as the concurrency and idempotency links do. */
  private Interceptor holding(String name) {
    return chain -> {
      trace.add("take " + name);
      try {
        return chain.proceed();
      } finally {
        trace.add("give back " + name);
      }
    };
  }

  @Test
  void aRefusalStopsTheChainAndEveryHeldThingIsGivenBackInReverseOrder() {
    Failed refused = Failed.of(FailureClass.QUOTA_EXCEEDED, "rate_limited", "slow down");
    List<Interceptor> links = List.of(holding("a"), holding("b"), Interceptor.check(inv -> refused),
        chain -> {
          trace.add("ran");
          return refused;
        });

    Outcome outcome = new Chain(links, invocation).proceed();

    assertThat(outcome).isSameAs(refused);
    assertThat(trace).containsExactly("take a", "take b", "give back b", "give back a");
  }

  @Test
  void aLinkThatThrowsStillLetsTheOuterLinksGiveBackWhatTheyHold() {
    List<Interceptor> links = List.of(holding("permit"), chain -> {
      throw new IllegalStateException("store down");
    });

    assertThatThrownBy(() -> new Chain(links, invocation).proceed()).hasMessage("store down");
    assertThat(trace).containsExactly("take permit", "give back permit");
  }

  @Test
  void theLastLinkMustAnswer() {
    assertThatThrownBy(() -> new Chain(List.of(Interceptor.check(inv -> null)), invocation).proceed())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("last link");
  }
}
