package io.cynodeai.connector.core;

import static io.cynodeai.connector.core.EngineHarness.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.core.internal.EngineSettings;
import io.cynodeai.connector.core.internal.catalog.CompiledOperation;
import io.cynodeai.connector.core.internal.catalog.ConnectorTypeValidator;
import io.cynodeai.connector.core.internal.catalog.RegisteredType;
import io.cynodeai.connector.spi.BackoffStrategy;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spi.OperationDescriptor;
import io.cynodeai.connector.spi.RetryPolicy;
import io.cynodeai.connector.spi.SemanticVersion;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class ConnectorTypeValidatorTest {

  private static OperationDescriptor.Builder echo() {
    return TestTypes.echo((ctx, in) -> HandlerResult.of(in));
  }

  private static InvalidConnectorTypeException refusal(ConnectorType type) {
    try {
      ConnectorEngines.builder().register(type).build().close();
    } catch (InvalidConnectorTypeException e) {
      return e;
    }
    throw new AssertionError("type " + type + " was accepted");
  }

  @Test
  @Tag("REQ-VER-001")
  @Tag("REQ-SCHEMA-001")
  @Tag("REQ-EXEC-002")
  void wellFormedTypeIsAccepted() {
    ConnectorType type = TestTypes.type("echo", echo().retry(RetryPolicy.exponential(2))).build();
    RegisteredType built = new ConnectorTypeValidator(EngineSettings.defaults()).validate(type);
    assertThat(built.type()).isSameAs(type);
    assertThat(built.version()).isEqualTo(new SemanticVersion(1, 0, 0));
    assertThat(built.configSchema().validate(json("{\"endpoint\":\"x\"}"), false)).isEmpty();
    assertThat(built.configSchema().validate(json("{}"), false)).isNotEmpty();
    assertThat(built.operations()).containsOnlyKeys("echo");
    CompiledOperation op = built.operation("echo").orElseThrow();
    assertThat(op.maxRetries()).isEqualTo(2);
    assertThat(op.effectiveTimeout()).isEqualTo(op.descriptor().maxTimeout());
    assertThat(op.responseCap()).isEqualTo(Math.min(op.descriptor().maxResponseBytes(), 1024 * 1024));
    assertThat(op.requestSchema().validate(json("{\"text\":\"hi\"}"), false)).isEmpty();
    assertThat(op.requestSchema().validate(json("{\"text\":1}"), false)).isNotEmpty();
    try (EngineHarness h = new EngineHarness(type)) {
      assertThat(((Succeeded) h.invoke("echo", "{\"text\":\"hi\"}")).response().data())
          .isEqualTo(json("{\"text\":\"hi\"}"));
    }
  }

  @Test
  @Tag("REQ-RETRY-003")
  void retriesAnOperationDeclaresAreCappedPerCallByTheEngine() {
    ConnectorType type = TestTypes.type("echo", echo().retry(RetryPolicy.exponential(25))).build();
    assertThat(new ConnectorTypeValidator(EngineSettings.defaults()).validate(type).operation("echo")
        .orElseThrow().maxRetries()).as("the default cap").isEqualTo(10);
    assertThat(new ConnectorTypeValidator(EngineSettings.defaults().withRetryCap(2, 0.2, 10)).validate(type)
        .operation("echo").orElseThrow().maxRetries()).isEqualTo(2);
  }

  @Test
  @Tag("REQ-SCHEMA-001")
  @Tag("REQ-SCHEMA-004")
  void missingSchemasAreRefusedNamingTypeVersionAndField() {
    ConnectorType type = ConnectorType.builder("broken", "2.1.0")
        .operation(OperationDescriptor.builder("op").modes(ExecutionMode.SYNC)
            .handler((ctx, in) -> HandlerResult.of(in)))
        .build();
    InvalidConnectorTypeException e = refusal(type);
    assertThat(e.getMessage()).startsWith("connector type broken@2.1.0 is invalid: ");
    assertThat(e.problems()).containsExactly(
        "config_schema: missing",
        "operations.op.request_schema: missing",
        "operations.op.response_schema: missing");
  }

  @Test
  @Tag("REQ-VER-001")
  void nonSemanticVersionIsRefused() {
    InvalidConnectorTypeException e = refusal(ConnectorType.builder("echo", "1.0")
        .configSchema("1", TestTypes.CONFIG_SCHEMA).operation(echo()).build());
    assertThat(e.problems()).containsExactly(
        "connector_type_version: '1.0' is not a semantic version (major.minor.patch)");
  }

  @Test
  @Tag("REQ-RETRY-002")
  void nonExponentialBackoffIsRefused() {
    InvalidConnectorTypeException e = refusal(TestTypes.type("echo",
        echo().retry(RetryPolicy.exponential(3).withBackoff(BackoffStrategy.FIXED))).build());
    assertThat(e.problems()).containsExactly("operations.echo.retry_policy.backoff: must be exponential (got fixed)");
  }

  @Test
  @Tag("REQ-RETRY-002")
  void nonTransientRetryableStatusIsRefused() {
    InvalidConnectorTypeException e = refusal(TestTypes.type("echo",
        echo().retry(RetryPolicy.exponential(3).withRetryableStatusCodes(Set.of(503, 404)))).build());
    assertThat(e.problems()).containsExactly(
        "operations.echo.retry_policy.retryable_status_codes: 404 is not a transient status (408, 425, 429, 5xx)");
  }

  @Test
  @Tag("REQ-IDEM-001")
  void mutatingOperationWithoutIdempotencySupportIsRefused() {
    ConnectorType type = TestTypes.type("echo", echo().mutating(true)).build();
    assertThat(refusal(type).problems()).containsExactly("operations.echo.supports_idempotency: a mutating "
        + "operation must support idempotency (§2.3): declare supportsIdempotency(true) so callers can repeat it "
        + "safely with an idempotency key");
  }

  @Test
  @Tag("REQ-EXEC-004")
  void syncOperationWithTimeoutAboveTheEngineCapIsRefused() {
    ConnectorType type = TestTypes.type("echo", echo().maxTimeout(Duration.ofMinutes(5))).build();
    InvalidConnectorTypeException e = refusal(type);
    assertThat(e.problems()).containsExactly("operations.echo.max_timeout_ms: 300000 exceeds the engine's sync cap"
        + " of 30000 ms; a long-running operation must be async-only");
  }

  @Test
  @Tag("REQ-EXEC-004")
  @Tag("REQ-EXEC-001")
  void asyncOnlyOperationMayExceedTheSyncCap() {
    ConnectorType type = TestTypes.type("echo",
        echo().modes(ExecutionMode.ASYNC).maxTimeout(Duration.ofMinutes(5))).build();
    CompiledOperation op = new ConnectorTypeValidator(EngineSettings.defaults()).validate(type).operation("echo")
        .orElseThrow();
    assertThat(op.effectiveTimeout()).as("not cut to the 30 s sync cap").isEqualTo(Duration.ofMinutes(5));
    assertThat(op.descriptor().modes()).containsExactly(ExecutionMode.ASYNC);
    try (EngineHarness h = new EngineHarness(type)) {
      assertThat(((Failed) h.invoke("echo", "{\"text\":\"hi\"}")).code()).isEqualTo("mode_not_supported");
    }
  }

  @Test
  @Tag("REQ-EXEC-001")
  void operationWithoutExecutionModeIsRefused() {
    ConnectorType type = TestTypes.type("echo", OperationDescriptor.builder("echo")
        .requestSchema(TestTypes.ECHO_REQUEST).responseSchema(TestTypes.ECHO_RESPONSE)
        .handler((ctx, in) -> HandlerResult.of(in))).build();
    assertThat(refusal(type).problems())
        .containsExactly("operations.echo.modes: declare at least one execution mode (sync, async)");
  }

  @Test
  void duplicateOperationNamesAreRefused() {
    ConnectorType type = TestTypes.type("echo", echo(), echo()).build();
    assertThat(refusal(type).problems()).containsExactly("operations.echo: duplicate operation name");
  }

  @Test
  @Tag("REQ-SCHEMA-004")
  void invalidJsonSchemaIsRefused() {
    ConnectorType type = TestTypes.type("echo",
        echo().requestSchema(JsonResources.parse("{\"type\":\"strin\"}"))).build();
    assertThat(refusal(type).problems()).singleElement().asString()
        .startsWith("operations.echo.request_schema: not a valid JSON Schema: ");
  }

  @Test
  @Tag("REQ-SCHEMA-004")
  void invalidRedactionPointerAndExampleBreakingItsSchemaAreRefused() {
    ConnectorType type = TestTypes.type("echo", echo().redact("messages/*")
        .example("bad", JsonResources.parse("{\"text\":1}"), JsonResources.parse("{\"text\":\"ok\"}"))).build();
    assertThat(refusal(type).problems()).containsExactly(
        "operations.echo.redactions: 'messages/*' is not a JSON Pointer into the response data",
        "operations.echo.examples.bad.request/text: expected type: String, found: Integer");
  }

  @Test
  void sameTypeVersionRegisteredTwiceIsRefused() {
    ConnectorType type = TestTypes.type("echo", echo()).build();
    assertThatThrownBy(() -> ConnectorEngines.builder().register(type).register(type).build())
        .hasMessage("connector type echo@1.0.0 is registered twice");
  }
}
