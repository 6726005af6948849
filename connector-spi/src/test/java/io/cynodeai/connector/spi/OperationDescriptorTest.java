package io.cynodeai.connector.spi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.ExecutionMode;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OperationDescriptorTest {
  private static final JsonNode REQUEST = JsonResources.parse("{\"type\":\"object\"}");
  private static final JsonNode RESPONSE = JsonResources.parse("{\"type\":\"object\",\"required\":[\"id\"]}");
  private static final OperationHandler HANDLER = (ctx, in) -> HandlerResult.of(in);

  private static OperationDescriptor sendMessage() {
    return OperationDescriptor.builder("sendMessage")
        .description("Sends one message")
        .modes(ExecutionMode.SYNC, ExecutionMode.ASYNC)
        .maxTimeout(Duration.ofSeconds(3))
        .supportsIdempotency(true)
        .mutating(true)
        .retry(RetryPolicy.exponential(2))
        .requestSchema(REQUEST)
        .responseSchema(RESPONSE)
        .maxRequestBytes(1024)
        .maxResponseBytes(2048)
        .redact("/token")
        .example("simple", JsonResources.parse("{}"), JsonResources.parse("{\"id\":\"m1\"}"))
        .handler(HANDLER)
        .interruptible(true)
        .build();
  }

  @Test
  void toBuilderCopiesEveryField() {
    OperationDescriptor original = sendMessage();

    OperationDescriptor copy = original.toBuilder().build();

    assertThat(copy.name()).isEqualTo("sendMessage");
    assertThat(copy.description()).isEqualTo("Sends one message");
    assertThat(copy.modes()).isEqualTo(Set.of(ExecutionMode.SYNC, ExecutionMode.ASYNC));
    assertThat(copy.maxTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(copy.supportsIdempotency()).isTrue();
    assertThat(copy.mutating()).isTrue();
    assertThat(copy.retryPolicy()).isEqualTo(RetryPolicy.exponential(2));
    assertThat(copy.requestSchema()).isEqualTo(REQUEST);
    assertThat(copy.responseSchema()).isEqualTo(RESPONSE);
    assertThat(copy.maxRequestBytes()).isEqualTo(1024);
    assertThat(copy.maxResponseBytes()).isEqualTo(2048);
    assertThat(copy.redactions()).containsExactly(RedactionRule.of("/token"));
    assertThat(copy.examples()).isEqualTo(original.examples());
    assertThat(copy.handler()).isSameAs(HANDLER);
    assertThat(copy.interruptible()).isTrue();
  }

  @Test
  void handlersAreNotInterruptibleUnlessDeclared() {
    OperationDescriptor plain = OperationDescriptor.builder("get").handler(HANDLER).build();

    assertThat(plain.interruptible()).isFalse();
    assertThat(plain.toBuilder().interruptible(true).build().interruptible()).isTrue();
  }

  @Test
  void changingACopyLeavesTheOriginalAsItWas() {
    OperationDescriptor original = sendMessage();
    OperationHandler other = (ctx, in) -> HandlerResult.of(RESPONSE);

    OperationDescriptor copy = original.toBuilder()
        .maxTimeout(Duration.ofMillis(300))
        .modes(ExecutionMode.SYNC)
        .example("second", JsonResources.parse("{}"), JsonResources.parse("{\"id\":\"m2\"}"))
        .handler(other)
        .build();

    assertThat(copy.maxTimeout()).isEqualTo(Duration.ofMillis(300));
    assertThat(copy.modes()).containsExactly(ExecutionMode.SYNC);
    assertThat(copy.examples()).extracting(OperationExample::name).containsExactly("simple", "second");
    assertThat(copy.handler()).isSameAs(other);
    assertThat(original.maxTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(original.modes()).isEqualTo(Set.of(ExecutionMode.SYNC, ExecutionMode.ASYNC));
    assertThat(original.examples()).extracting(OperationExample::name).containsExactly("simple");
    assertThat(original.handler()).isSameAs(HANDLER);
  }
}
