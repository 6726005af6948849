package io.cynodeai.connector.reference.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.ConnectorException;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.spi.ConnectorProvider;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spi.OperationDescriptor;
import io.cynodeai.connector.spi.RetryPolicy;
import java.time.Duration;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class HttpConnectorProviderTest {
  private final ConnectorType type = new HttpConnectorProvider().type();

  @Test
  void providerIsDiscoveredThroughTheServiceLoader() {
    assertThat(ServiceLoader.load(ConnectorProvider.class).stream().map(ServiceLoader.Provider::type))
        .contains(HttpConnectorProvider.class);
  }

  @Test
  @Tag("REQ-VER-001")
  void typeIsHttpVersionOneWithGetAndSend() {
    assertThat(type.name()).isEqualTo("http");
    assertThat(type.version()).isEqualTo("1.0.0");
    assertThat(type.operations()).extracting(OperationDescriptor::name).containsExactly("get", "send");
  }

  @Test
  @Tag("REQ-EXEC-002")
  void getIsAReadRetriedWithShortExponentialBackoff() {
    OperationDescriptor get = type.operation("get").orElseThrow();

    assertThat(get.modes()).containsExactly(ExecutionMode.SYNC);
    assertThat(get.mutating()).isFalse();
    assertThat(get.maxTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(get.retryPolicy().maxRetries()).isEqualTo(3);
    assertThat(get.retryPolicy().initialDelay()).isEqualTo(Duration.ofMillis(50));
    assertThat(get.retryPolicy().maxDelay()).isEqualTo(Duration.ofSeconds(1));
    assertThat(get.retryPolicy().retryableStatusCodes()).isEqualTo(RetryPolicy.TRANSIENT_HTTP_STATUSES);
  }

  @Test
  @Tag("REQ-EXEC-002")
  void sendMutatesAcceptsIdempotencyKeysAndIsNeverRetried() {
    OperationDescriptor send = type.operation("send").orElseThrow();

    assertThat(send.mutating()).isTrue();
    assertThat(send.supportsIdempotency()).isTrue();
    assertThat(send.retryPolicy().maxRetries()).isZero();
  }

  @Test
  void everyOperationDocumentsAnExample() {
    assertThat(type.operations()).allSatisfy(op -> assertThat(op.examples()).isNotEmpty());
  }

  @Test
  void bothRequestSchemasShareTheSameDefinitions() {
    assertThat(JsonResources.load(HttpConnectorProvider.class, "send.request.schema.json").get("definitions"))
        .isEqualTo(JsonResources.load(HttpConnectorProvider.class, "get.request.schema.json").get("definitions"));
  }

  @Test
  void engineAcceptsTheTypeWithItsSchemasAndExamples() {
    try (ConnectorEngine engine = ConnectorEngines.builder().register(new HttpConnectorProvider()).build()) {
      assertThat(engine).isNotNull();
    }
  }

  @Test
  @Tag("REQ-EXEC-004")
  void maxTimeoutFollowsTheConstructorSoHostsWithAShortSyncCapCanRegisterIt() {
    Duration cap = Duration.ofMillis(500);
    assertThatThrownBy(() -> ConnectorEngines.builder().limits(l -> l.withSyncTimeoutCap(cap))
        .register(new HttpConnectorProvider())
        .build())
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("max_timeout_ms: 10000 exceeds the engine's sync cap of 500 ms");

    try (ConnectorEngine engine = ConnectorEngines.builder().limits(l -> l.withSyncTimeoutCap(cap))
        .register(new HttpConnectorProvider(cap)).build()) {
      assertThat(engine).isNotNull();
    }
  }

  @Test
  void nonPositiveMaxTimeoutIsRefused() {
    assertThatIllegalArgumentException().isThrownBy(() -> new HttpConnectorProvider(Duration.ZERO))
        .withMessage("maxTimeout must be positive");
  }
}
