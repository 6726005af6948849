package io.cynodeai.connector.core;

import static io.cynodeai.connector.core.EngineHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.TraceContext;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.core.audit.CallbackAuditSink;
import io.cynodeai.connector.spi.HandlerResult;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class AuditCorrelationTest {
  private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  @Test
  @Tag("REQ-OBS-001")
  void theCorrelationIdOfAnInvocationComesFromTheCallersTraceparent() {
    try (EngineHarness h = new EngineHarness(TestTypes.type("echo", TestTypes.echo((ctx, in) -> {
      assertThat(ctx.correlationId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
      return HandlerResult.of(in);
    })).build())) {
      h.engine.invoke(InvocationRequest.of("inst-1", "echo", json("{\"text\":\"x\"}"), EngineHarness.ALICE)
          .withTraceparent(TRACEPARENT));
      assertThat(h.audit.last().correlationId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }
  }

  @Test
  void anInvalidTraceparentIsIgnoredAsTheW3cRulesRequire() {
    InvocationRequest request = InvocationRequest.of("i", "op", json("{}"), EngineHarness.ALICE);
    for (String bad : List.of("", "garbage", "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra")) {
      assertThat(request.withTraceparent(bad)).as(bad).isEqualTo(request);
    }
    assertThat(request.withTraceparent(null)).isEqualTo(request);
    assertThat(TraceContext.parse("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00-future"))
        .contains(new TraceContext("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", "00"));
  }

  @Test
  @Tag("REQ-OBS-001")
  void aHostCallbackReceivesEveryEventOffTheInvokingThreadAndAFailingCallbackChangesNothing() throws Exception {
    List<AuditEvent> received = new CopyOnWriteArrayList<>();
    List<String> threads = new CopyOnWriteArrayList<>();
    CountDownLatch invoked = new CountDownLatch(1);
    CallbackAuditSink callback = CallbackAuditSink.of(e -> {
      threads.add(Thread.currentThread().getName());
      received.add(e);
      if (e.action().equals("connector.operation.invoke")) {
        invoked.countDown();
      }
      if (e.action().equals("enable")) {
        throw new IllegalStateException("host bug");
      }
    }, 100);
    try (EngineHarness h = new EngineHarness(TestTypes.type("echo", TestTypes.echo((ctx, in) -> HandlerResult.of(in)))
        .build(), b -> b.auditSink(callback))) {
      assertThat(h.invoke("echo", "{\"text\":\"x\"}")).isInstanceOf(io.cynodeai.connector.api.Succeeded.class);
      assertThat(invoked.await(5, TimeUnit.SECONDS)).isTrue();
    } finally {
      callback.close();
    }
    assertThat(received).extracting(AuditEvent::action)
        .containsSubsequence("install", "enable", "connector.operation.invoke");
    assertThat(threads).containsOnly("connector-audit-callback");
    assertThat(callback.dropped()).isZero();
  }
}
