package io.cynodeai.connector.spi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.ExecutionMode;
import org.junit.jupiter.api.Test;

class ConnectorTypeTest {
  private static final JsonNode CONFIG = JsonResources.parse("{\"type\":\"object\"}");
  private static final JsonNode ANY = JsonResources.parse("{}");
  private static final HealthCheck HEALTH = context -> HealthResult.healthy();

  private static OperationDescriptor operation(String name) {
    return OperationDescriptor.builder(name).modes(ExecutionMode.SYNC).requestSchema(ANY).responseSchema(ANY)
        .handler((ctx, in) -> HandlerResult.of(in)).build();
  }

  private static ConnectorType mail() {
    return ConnectorType.builder("mail", "1.2.0")
        .description("Reads and sends mail")
        .operationSchemaVersion("3")
        .configSchema("2", CONFIG)
        .operation(operation("read"))
        .operation(operation("send"))
        .healthCheck(HEALTH)
        .build();
  }

  @Test
  void toBuilderCopiesEveryField() {
    ConnectorType original = mail();

    ConnectorType copy = original.toBuilder().build();

    assertThat(copy.coordinates()).isEqualTo("mail@1.2.0");
    assertThat(copy.description()).isEqualTo("Reads and sends mail");
    assertThat(copy.operationSchemaVersion()).isEqualTo("3");
    assertThat(copy.configSchemaVersion()).isEqualTo("2");
    assertThat(copy.configSchema()).isEqualTo(CONFIG);
    assertThat(copy.operations()).containsExactlyElementsOf(original.operations());
    assertThat(copy.healthCheck()).isSameAs(HEALTH);
  }

  @Test
  void clearOperationsLetsACopyDeclareItsOwnOperations() {
    ConnectorType original = mail();

    ConnectorType copy = original.toBuilder().clearOperations().operation(operation("send")).build();

    assertThat(copy.operations()).extracting(OperationDescriptor::name).containsExactly("send");
    assertThat(copy.operation("read")).isEmpty();
    assertThat(original.operations()).extracting(OperationDescriptor::name).containsExactly("read", "send");
  }

  @Test
  void auditDetailsAreKeptByCopiesAndBadKeysOrLongValuesAreRefused() {
    ConnectorType type = ConnectorType.builder("t", "1.0.0").auditDetail("sandbox_isolation", "weaker").build();

    assertThat(type.auditDetails()).containsExactly(java.util.Map.entry("sandbox_isolation", "weaker"));
    assertThat(type.toBuilder().build().auditDetails()).isEqualTo(type.auditDetails());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConnectorType.builder("t", "1.0.0")
        .auditDetail("Bad Key", "v")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("audit detail key 'Bad Key' is not lower snake case");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConnectorType.builder("t", "1.0.0")
        .auditDetail("k", "v".repeat(1001))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("audit detail 'k' is longer than 1000 characters");
  }
}
