package io.cynodeai.connector.core.internal.catalog;

import io.cynodeai.connector.core.internal.schema.CompiledSchema;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.SemanticVersion;
import java.util.Map;
import java.util.Optional;

/** A validated connector type with its compiled config schema and operations. Immutable. */
public record RegisteredType(
    ConnectorType type,
    SemanticVersion version,
    CompiledSchema configSchema,
    Map<String, CompiledOperation> operations) {

  public RegisteredType {
    operations = Map.copyOf(operations);
  }

  public String name() {
    return type.name();
  }

  public Optional<CompiledOperation> operation(String name) {
    return Optional.ofNullable(operations.get(name));
  }
}
