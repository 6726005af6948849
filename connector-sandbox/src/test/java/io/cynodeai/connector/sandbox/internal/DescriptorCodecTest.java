package io.cynodeai.connector.sandbox.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.sandbox.fixtures.UntrustedConnector;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.OperationDescriptor;
import io.cynodeai.connector.spi.OperationHandler;
import io.cynodeai.connector.spi.ProviderException;
import io.cynodeai.connector.spi.RetryPolicy;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The declarations a child reports are rebuilt faithfully, with the parent's handlers; bad ones are refused. */
@Tag("REQ-EGRESS-005")
class DescriptorCodecTest {
  private static final OperationHandler PARENT = (ctx, input) -> {
    throw new AssertionError("not called");
  };

  @Test
  void aTypeRoundTripsWithTheParentsHandlers() {
    ConnectorType original = new UntrustedConnector().type().toBuilder()
        .operation(OperationDescriptor.builder("async").modes(ExecutionMode.SYNC, ExecutionMode.ASYNC)
            .mutating(true).supportsIdempotency(true).maxTimeout(Duration.ofSeconds(3))
            .retry(RetryPolicy.exponential(2)).maxRequestBytes(1000).maxResponseBytes(2000)
            .handler(PARENT))
        .build();

    ConnectorType read = DescriptorCodec.read(Messages.MAPPER.valueToTree(DescriptorCodec.write(original)),
        name -> PARENT);

    assertThat(read.coordinates()).isEqualTo(original.coordinates());
    assertThat(read.configSchema()).isEqualTo(original.configSchema());
    assertThat(read.operations()).hasSameSizeAs(original.operations());
    OperationDescriptor async = read.operation("async").orElseThrow();
    assertThat(async.modes()).containsExactlyInAnyOrder(ExecutionMode.SYNC, ExecutionMode.ASYNC);
    assertThat(async.mutating()).isTrue();
    assertThat(async.supportsIdempotency()).isTrue();
    assertThat(async.retryPolicy()).isEqualTo(RetryPolicy.exponential(2));
    assertThat(async.maxRequestBytes()).isEqualTo(1000);
    assertThat(async.maxResponseBytes()).isEqualTo(2000);
    assertThat(read.operation("echo").orElseThrow().requestSchema())
        .isEqualTo(original.operation("echo").orElseThrow().requestSchema());
    assertThat(read.operations()).allMatch(op -> op.handler() == PARENT);
  }

  @Test
  void aDescriptorWithoutANameIsRefused() {
    ObjectNode json = DescriptorCodec.write(new UntrustedConnector().type());
    json.remove("name");
    assertThatThrownBy(() -> DescriptorCodec.read(json, name -> PARENT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'name'");
  }

  @Test
  void childFailuresMapToWhatTheEngineWouldSeeInProcess() {
    IOException parentDenial = new IOException("egress denied: x");
    Exception wrapped = SandboxedHandler.failure(Messages.of("error").put("kind", "other")
        .put("exception", "java.lang.IllegalStateException").put("forwardedFailure", true), parentDenial);
    assertThat(wrapped.getCause()).isSameAs(parentDenial);

    Exception provider = SandboxedHandler.failure(Messages.of("error").put("kind", "provider")
        .put("providerKind", "TRANSIENT").put("code", "upstream_busy").put("message", "busy"), null);
    assertThat(provider).isInstanceOfSatisfying(ProviderException.class, pe -> {
      assertThat(pe.kind()).isEqualTo(ProviderException.Kind.TRANSIENT);
      assertThat(pe.code()).isEqualTo("upstream_busy");
    });

    Exception violation = SandboxedHandler.failure(Messages.of("error").put("kind", "sandbox_violation")
        .put("permission", "java.io.FilePermission"), null);
    assertThat(((ProviderException) violation).code()).isEqualTo("sandbox_violation");

    Exception unknown = SandboxedHandler.failure(Messages.of("error").put("kind", "weird"), null);
    assertThat(((ProviderException) unknown).code()).isEqualTo("sandbox_protocol_error");
  }
}
