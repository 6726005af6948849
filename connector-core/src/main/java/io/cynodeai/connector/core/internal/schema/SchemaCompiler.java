package io.cynodeai.connector.core.internal.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import org.everit.json.schema.Schema;
import org.everit.json.schema.SchemaException;
import org.everit.json.schema.loader.SchemaClient;
import org.everit.json.schema.loader.SchemaLoader;
import org.json.JSONObject;

/**
 * Compiles JSON Schemas (draft 7). Remote {@code $ref}s are refused: a schema must be self-contained, so
 * loading a connector never reaches the network. Thread-safe.
 */
public final class SchemaCompiler {
  private static final SchemaClient NO_REMOTE_REFS =
      new SchemaClient() {
        @Override
        public InputStream get(String url) {
          throw new SchemaException("remote $ref '" + url + "' is not allowed: schemas must be self-contained");
        }
      };

  private SchemaCompiler() {}

  /**
   * Compiles {@code schema}.
   *
   * @throws InvalidSchemaException if it is not a valid JSON Schema
   */
  public static CompiledSchema compile(JsonNode schema) {
    if (!schema.isObject()) {
      throw new InvalidSchemaException("a JSON Schema must be an object");
    }
    try {
      Schema loaded =
          SchemaLoader.builder()
              .schemaJson((JSONObject) JsonTrees.toOrgJson(schema))
              .draftV7Support()
              .schemaClient(NO_REMOTE_REFS)
              .build()
              .load()
              .build();
      return new CompiledSchema(loaded);
    } catch (RuntimeException e) {
      // everit reports malformed schemas as SchemaException and also as ClassCast/IllegalArgument.
      throw new InvalidSchemaException(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
  }

  /** A schema that could not be compiled. */
  public static final class InvalidSchemaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidSchemaException(String message) {
      super(message);
    }
  }
}
