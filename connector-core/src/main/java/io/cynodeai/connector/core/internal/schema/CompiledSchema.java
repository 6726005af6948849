package io.cynodeai.connector.core.internal.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.everit.json.schema.Schema;
import org.everit.json.schema.ValidationException;

/** A JSON Schema compiled once, validating Jackson trees. Immutable and thread-safe. */
public final class CompiledSchema {
  private final Schema schema;

  CompiledSchema(Schema schema) {
    this.schema = schema;
  }

  /** What a violation's message may quote from the document. */
  public enum Echo {
    /** Values and names: for documents the caller wrote and may see again (a request's input). */
    VALUES,
    /**
     * Names of properties, never values: for stored configuration, whose values may be a secret put in the
     * wrong place. A refusal says what the schema requires (its description, if it has one) instead.
     */
    NAMES,
    /** Only the keyword: for documents whose contents the caller must not see unredacted (provider responses). */
    NOTHING
  }

  /** everit's messages for these keywords quote sizes, types and property names, never a value. */
  private static final Set<String> NAMES_ONLY = Set.of("type", "required", "additionalProperties", "minLength",
      "maxLength", "minItems", "maxItems", "minProperties", "maxProperties");

  /**
   * Every violation of this schema by {@code document}, located by JSON Pointer; empty when valid.
   *
   * @param echoValues whether messages may quote values from the document ({@link Echo#VALUES}), or only
   *     keywords ({@link Echo#NOTHING})
   */
  public List<Violation> validate(JsonNode document, boolean echoValues) {
    return validate(document, echoValues ? Echo.VALUES : Echo.NOTHING);
  }

  /** Every violation of this schema by {@code document}, with messages that quote no more than {@code echo}. */
  public List<Violation> validate(JsonNode document, Echo echo) {
    try {
      schema.validate(JsonTrees.toOrgJson(document));
      return List.of();
    } catch (ValidationException e) {
      List<Violation> out = new ArrayList<>();
      collect(e, echo, out);
      return out;
    }
  }

  private static void collect(ValidationException e, Echo echo, List<Violation> out) {
    if (e.getCausingExceptions().isEmpty()) {
      out.add(new Violation(pointer(e.getPointerToViolation()), message(e, echo)));
      return;
    }
    for (ValidationException cause : e.getCausingExceptions()) {
      collect(cause, echo, out);
    }
  }

  private static String message(ValidationException e, Echo echo) {
    String keyword = e.getKeyword();
    if (echo == Echo.VALUES || echo == Echo.NAMES && keyword != null && NAMES_ONLY.contains(keyword)) {
      return e.getErrorMessage();
    }
    String general = keyword == null ? "violates the schema" : "violates '" + keyword + "'";
    String description = echo == Echo.NAMES && e.getViolatedSchema() != null
        ? e.getViolatedSchema().getDescription() : null;
    return description == null || description.isBlank() ? general : general + ": " + description;
  }

  /** everit reports {@code #/a/b}; JSON Pointer is {@code /a/b}. */
  private static String pointer(String everitPointer) {
    return everitPointer.startsWith("#") ? everitPointer.substring(1) : everitPointer;
  }
}
