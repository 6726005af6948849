package io.cynodeai.connector.core;

import static io.cynodeai.connector.core.EngineHarness.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.TraceContext;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The caller's W3C trace context on a request: parsed, validated, carried through every change of the request. */
class TraceContextTest {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String TRACEPARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

  private static InvocationRequest request() {
    return InvocationRequest.of("i", "op", json("{}"), EngineHarness.ALICE);
  }

  @Test
  void aValidTraceparentAndTracestateTravelOnTheRequestThroughEveryChange() {
    InvocationRequest request = request().withTraceparent(TRACEPARENT, "rojo=00f067aa0ba902b7, congo=t61rcWkgMzE")
        .withMode(ExecutionMode.ASYNC).withRequestId("r-1").withIdempotencyKey("k").withCorrelationId("c-1");

    assertThat(request.traceContext()).isEqualTo(new TraceContext(TRACE_ID, "00f067aa0ba902b7", "01",
        "rojo=00f067aa0ba902b7, congo=t61rcWkgMzE"));
    assertThat(request.traceContext().traceparent()).isEqualTo(TRACEPARENT);
    assertThat(request.traceContext().sampled()).isTrue();
    assertThat(request.correlationId()).isEqualTo("c-1");
    assertThat(request().withTraceparent(TRACEPARENT).correlationId()).isEqualTo(TRACE_ID);
    assertThat(request().withTraceparent(TRACEPARENT).traceContext().state()).isNull();
  }

  @Test
  void aFutureVersionIsPassedOnAsVersion00() {
    assertThat(request().withTraceparent("cc-" + TRACE_ID + "-00f067aa0ba902b7-00-more").traceContext())
        .satisfies(t -> {
          assertThat(t.traceparent()).isEqualTo("00-" + TRACE_ID + "-00f067aa0ba902b7-00");
          assertThat(t.sampled()).isFalse();
        });
  }

  @Test
  void anInvalidTracestateIsDroppedAndTheTraceparentKept() {
    for (String bad : List.of("no-equals-sign", "UPPER=x", "k=v\n", "a=" + "x".repeat(600),
        String.join(",", java.util.Collections.nCopies(33, "k=v")))) {
      InvocationRequest request = request().withTraceparent(TRACEPARENT, bad);
      assertThat(request.traceContext()).as(bad).isNotNull();
      assertThat(request.traceContext().state()).as(bad).isNull();
    }
  }

  @Test
  void anInvalidTraceparentIsIgnoredWithAWarningThatDoesNotQuoteIt() {
    List<LogRecord> records = new CopyOnWriteArrayList<>();
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord record) {
        records.add(record);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger logger = Logger.getLogger(InvocationRequest.class.getName());
    logger.addHandler(handler);
    try {
      InvocationRequest request = request();
      String forged = "00-" + TRACE_ID + "-00f067aa0ba902b7-zz secret-token";

      assertThat(request.withTraceparent(forged, "congo=t61rcWkgMzE")).isEqualTo(request);
      assertThat(records).singleElement().satisfies(r -> {
        assertThat(r.getLevel()).isEqualTo(Level.WARNING);
        String message = java.text.MessageFormat.format(r.getMessage(), r.getParameters());
        assertThat(message).contains("invalid W3C traceparent").contains("new trace")
            .doesNotContain("secret-token").doesNotContain(TRACE_ID);
      });
    } finally {
      logger.removeHandler(handler);
    }
  }

  @Test
  void aTraceContextRefusesMalformedParts() {
    assertThatThrownBy(() -> new TraceContext("0".repeat(32), "00f067aa0ba902b7", "01"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("traceId");
    assertThatThrownBy(() -> new TraceContext(TRACE_ID, "00F067AA0BA902B7", "01"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parentId");
    assertThatThrownBy(() -> new TraceContext(TRACE_ID, "00f067aa0ba902b7", "1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("flags");
    assertThatThrownBy(() -> new TraceContext(TRACE_ID, "00f067aa0ba902b7", "01", "=v"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tracestate");
  }

  @Test
  void theTextOfATraceContextShowsTheTraceparentButNotTheVendorsState() {
    assertThat(new TraceContext(TRACE_ID, "00f067aa0ba902b7", "01", "vendor=opaque-value").toString())
        .contains(TRACEPARENT).doesNotContain("opaque-value");
  }
}
