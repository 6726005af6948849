package io.cynodeai.connector.core.internal.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.Violation;
import java.util.ArrayList;
import java.util.List;
import org.everit.json.schema.Schema;
import org.everit.json.schema.ValidationException;

/** A JSON Schema compiled once, validating Jackson trees. Immutable and thread-safe. */
public final class CompiledSchema {
  private final Schema schema;

  CompiledSchema(Schema schema) {
    this.schema = schema;
  }

  /**
   * Every violation of this schema by {@code document}, located by JSON Pointer; empty when valid.
   *
   * @param echoValues whether messages may quote values from the document; false for documents whose
   *     values the caller must not see unredacted (provider responses)
   */
  public List<Violation> validate(JsonNode document, boolean echoValues) {
    try {
      schema.validate(JsonTrees.toOrgJson(document));
      return List.of();
    } catch (ValidationException e) {
      List<Violation> out = new ArrayList<>();
      collect(e, echoValues, out);
      return out;
    }
  }

  private static void collect(ValidationException e, boolean echoValues, List<Violation> out) {
    if (e.getCausingExceptions().isEmpty()) {
      out.add(new Violation(pointer(e.getPointerToViolation()), message(e, echoValues)));
      return;
    }
    for (ValidationException cause : e.getCausingExceptions()) {
      collect(cause, echoValues, out);
    }
  }

  private static String message(ValidationException e, boolean echoValues) {
    if (echoValues) {
      return e.getErrorMessage();
    }
    String keyword = e.getKeyword();
    return keyword == null ? "violates the schema" : "violates '" + keyword + "'";
  }

  /** everit reports {@code #/a/b}; JSON Pointer is {@code /a/b}. */
  private static String pointer(String everitPointer) {
    return everitPointer.startsWith("#") ? everitPointer.substring(1) : everitPointer;
  }
}
