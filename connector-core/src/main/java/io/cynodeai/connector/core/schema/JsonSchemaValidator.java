package io.cynodeai.connector.core.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.Violation;
import io.cynodeai.connector.core.internal.normalize.NestingLimit;
import io.cynodeai.connector.core.internal.schema.CompiledSchema;
import io.cynodeai.connector.core.internal.schema.JsonTrees;
import io.cynodeai.connector.core.internal.schema.SchemaCompiler;
import java.util.List;
import java.util.Objects;

/**
 * A JSON Schema (draft 7, no remote references) compiled the way the engine compiles operation and config
 * schemas, so a document this validator accepts is one the engine accepts. Immutable and thread-safe.
 */
public final class JsonSchemaValidator {
  /** The deepest nesting the engine passes on in a provider's response; deeper fails {@code response_too_deep}. */
  public static final int MAX_NESTING_DEPTH = NestingLimit.MAX_DEPTH;

  private final CompiledSchema schema;

  private JsonSchemaValidator(CompiledSchema schema) {
    this.schema = schema;
  }

  /**
   * Compiles {@code schema}.
   *
   * @throws IllegalArgumentException if it is not a valid JSON Schema (the message says why)
   */
  public static JsonSchemaValidator of(JsonNode schema) {
    Objects.requireNonNull(schema, "schema");
    try {
      return new JsonSchemaValidator(SchemaCompiler.compile(schema));
    } catch (SchemaCompiler.InvalidSchemaException e) {
      throw new IllegalArgumentException("not a valid JSON Schema: " + e.getMessage(), e);
    }
  }

  /**
   * Every violation of the schema by {@code document}, located by JSON Pointer; empty when valid. Messages name
   * only the violated keyword, never a value of the document, so they are safe to report for a provider's
   * response.
   */
  public List<Violation> validate(JsonNode document) {
    return schema.validate(Objects.requireNonNull(document, "document"), CompiledSchema.Echo.NOTHING);
  }

  /** Whether {@code document} is valid. */
  public boolean accepts(JsonNode document) {
    return validate(document).isEmpty();
  }

  /** The number of bytes of the compact UTF-8 JSON of {@code node}, as the engine's size caps count them. */
  public static long sizeOf(JsonNode node) {
    return JsonTrees.sizeOf(Objects.requireNonNull(node, "node"));
  }

  /** The nesting depth of {@code node} (a scalar is 0, {@code {}} is 1), counted up to {@code limit + 1}. */
  public static int depth(JsonNode node, int limit) {
    return NestingLimit.depth(Objects.requireNonNull(node, "node"), limit);
  }
}
