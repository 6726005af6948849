package io.cynodeai.connector.core;

import static io.cynodeai.connector.core.EngineHarness.ALICE;
import static io.cynodeai.connector.core.EngineHarness.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.OperationDescriptor;
import io.cynodeai.connector.spi.OperationHandler;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Every kind of bad input or misbehaving handler gives a typed failure, an audit event, and a healthy engine. */
class BadInputTest {
  private static final String OK = "{\"text\":\"hi\"}";

  private static EngineHarness harness(OperationHandler handler) {
    ConnectorType type = TestTypes.type("echo",
        TestTypes.echo(handler).maxTimeout(Duration.ofMillis(300)).maxRequestBytes(200),
        OperationDescriptor.builder("ping").modes(ExecutionMode.SYNC)
            .requestSchema(TestTypes.ECHO_REQUEST).responseSchema(TestTypes.ECHO_RESPONSE)
            .handler((ctx, in) -> HandlerResult.of(in))).build();
    return new EngineHarness(type);
  }

  private static Failed failed(Outcome outcome, FailureClass cls, String code) {
    assertThat(outcome).isInstanceOf(Failed.class);
    Failed f = (Failed) outcome;
    assertThat(f.failureClass()).as(f.message()).isEqualTo(cls);
    assertThat(f.code()).isEqualTo(code);
    return f;
  }

  /** The engine still serves a healthy operation, and the failure was audited with its class and code. */
  private static void stillHealthyAndAudited(EngineHarness h, Failed f) {
    AuditEvent event = h.audit.last();
    assertThat(event.outcome()).isEqualTo(f.failureClass().wireName());
    assertThat(event.errorCode()).isEqualTo(f.code());
    assertThat(h.invoke("ping", OK)).isInstanceOf(Succeeded.class);
  }

  @Test
  @Tag("REQ-RETRY-001")
  void unknownInstanceIsAValidationError() {
    try (EngineHarness h = harness((ctx, in) -> HandlerResult.of(in))) {
      Failed f = failed(h.engine.invoke(InvocationRequest.of("nope", "echo", json(OK), ALICE)),
          FailureClass.VALIDATION_ERROR, "unknown_instance");
      assertThat(f.message()).isEqualTo("no connector instance 'nope'");
      stillHealthyAndAudited(h, f);
    }
  }

  @Test
  void unknownOperationIsAValidationError() {
    try (EngineHarness h = harness((ctx, in) -> HandlerResult.of(in))) {
      Failed f = failed(h.invoke("delete", OK), FailureClass.VALIDATION_ERROR, "unknown_operation");
      assertThat(f.message()).isEqualTo("connector type echo@1.0.0 has no operation 'delete'");
      stillHealthyAndAudited(h, f);
    }
  }

  @Test
  @Tag("REQ-EXEC-001")
  void unsupportedModeIsAValidationError() {
    try (EngineHarness h = harness((ctx, in) -> HandlerResult.of(in))) {
      Failed f = failed(h.engine.invoke(InvocationRequest.of("inst-1", "echo", json(OK), ALICE)
          .withMode(ExecutionMode.ASYNC)), FailureClass.VALIDATION_ERROR, "mode_not_supported");
      assertThat(f.message()).isEqualTo("operation 'echo' does not support async execution (supports [sync])");
      stillHealthyAndAudited(h, f);
    }
  }

  @Test
  @Tag("REQ-SCHEMA-006")
  void oversizeInputIsAValidationError() {
    try (EngineHarness h = harness((ctx, in) -> HandlerResult.of(in))) {
      Failed f = failed(h.invoke("echo", "{\"text\":\"" + "x".repeat(300) + "\"}"),
          FailureClass.VALIDATION_ERROR, "payload_too_large");
      assertThat(f.message()).isEqualTo("the input is 311 bytes; operation 'echo' accepts at most 200");
      stillHealthyAndAudited(h, f);
    }
  }

  @Test
  @Tag("REQ-RETRY-001")
  void handlerThatThrowsIsAPermanentFailureWithoutItsMessage() {
    try (EngineHarness h = harness((ctx, in) -> {
      throw new IllegalStateException("password=hunter2");
    })) {
      Failed f = failed(h.invoke("echo", OK), FailureClass.PERMANENT, "handler_error");
      assertThat(f.message()).isEqualTo("the connector failed (java.lang.IllegalStateException)");
      stillHealthyAndAudited(h, f);
    }
  }

  @Test
  void handlerThatReturnsNullIsAPermanentFailure() {
    try (EngineHarness h = harness((ctx, in) -> null)) {
      Failed f = failed(h.invoke("echo", OK), FailureClass.PERMANENT, "handler_returned_null");
      stillHealthyAndAudited(h, f);
    }
  }

  @Test
  void handlerThatReturnsNonJsonIsAPermanentFailure() {
    try (EngineHarness h = harness((ctx, in) -> HandlerResult.ofRawJson("<html>502 Bad Gateway</html>"))) {
      Failed f = failed(h.invoke("echo", OK), FailureClass.PERMANENT, "response_not_json");
      stillHealthyAndAudited(h, f);
    }
  }

  @Test
  @Tag("REQ-EXEC-003")
  void handlerThatHangsIsCutAtItsTimeoutEvenIfItIgnoresInterrupts() {
    CountDownLatch never = new CountDownLatch(1);
    try (EngineHarness h = harness((ctx, in) -> {
      long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (System.nanoTime() < until) {
        try {
          never.await();
        } catch (InterruptedException ignored) {
          // a badly behaved handler: keeps waiting
        }
      }
      return HandlerResult.of(in);
    })) {
      long start = System.nanoTime();
      Failed f = failed(h.invoke("echo", OK), FailureClass.TRANSIENT, "timeout");
      long tookMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
      assertThat(tookMs).isBetween(250L, 1500L);
      stillHealthyAndAudited(h, f);
    } finally {
      never.countDown();
    }
  }

  @Test
  @Tag("REQ-SCHEMA-005")
  void responseBreakingItsSchemaIsAFailureAndNeverPassedThrough() {
    try (EngineHarness h = harness((ctx, in) -> HandlerResult.of(json("{\"txt\":\"secret-value\"}")))) {
      Failed f = failed(h.invoke("echo", OK), FailureClass.PERMANENT, "response_schema_violation");
      assertThat(f.violations()).extracting(v -> v.pointer() + " " + v.message())
          .containsExactly(" violates 'required'");
      assertThat(f.toString()).doesNotContain("secret-value");
      stillHealthyAndAudited(h, f);
    }
  }

  @Test
  void nullRequestIsAProgrammingError() {
    try (EngineHarness h = harness((ctx, in) -> HandlerResult.of(in))) {
      assertThatThrownBy(() -> h.engine.invoke(null)).isInstanceOf(NullPointerException.class)
          .hasMessage("request");
    }
  }
}
