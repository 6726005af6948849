package io.cynodeai.connector.spi.compat;

import java.util.Objects;

/**
 * One change between two versions of a connector type that can break a host, a caller or a consumer written
 * against the older version. Immutable and thread-safe.
 *
 * <p>{@code location} is meant for people. For schemas it is a scope followed by a JSON Pointer into the
 * schema, the root written {@code /}: {@code config /properties/host}, {@code operation readInbox request
 * /properties/limit}, {@code operation readInbox response /properties/messages/items}. For operation
 * attributes it is the operation and the attribute: {@code operation readInbox}, {@code operation readInbox
 * maxTimeout}.
 *
 * @param kind what sort of change it is
 * @param location where it is
 * @param description what changed, stated older to newer
 */
public record BreakingChange(Kind kind, String location, String description) {

  public BreakingChange {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(description, "description");
    if (location.isBlank()) {
      throw new IllegalArgumentException("location must not be blank");
    }
    if (description.isBlank()) {
      throw new IllegalArgumentException("description must not be blank");
    }
  }

  @Override
  public String toString() {
    return kind + " at " + location + ": " + description;
  }

  /**
   * The sorts of breaking change. Input schemas are the config schema and request schemas: a change to one
   * breaks when a document valid under the older schema is invalid under the newer. Output schemas are
   * response schemas: a change breaks when a consumer relying on the older shape can receive something it
   * did not expect.
   */
  public enum Kind {
    /** An operation of the older version is missing from the newer. */
    OPERATION_REMOVED,
    /** An operation no longer supports an execution mode (§2.1). */
    MODE_REMOVED,
    /** An operation's timeout cap ({@code max_timeout_ms}) decreased. */
    TIMEOUT_REDUCED,
    /** An operation accepts smaller request documents. */
    REQUEST_SIZE_REDUCED,
    /** An operation truncates responses at a smaller size. */
    RESPONSE_SIZE_REDUCED,
    /** An operation no longer honours idempotency keys. */
    IDEMPOTENCY_DROPPED,
    /** A read-only operation became mutating, so it now needs idempotency keys and is governed as a write. */
    BECAME_MUTATING,
    /** A response value consumers received is now replaced with the redaction marker. */
    REDACTION_ADDED,
    /**
     * A property is gone: from an output, so consumers no longer receive it; from an input whose newer
     * schema refuses undeclared properties, so callers still sending it are refused.
     */
    PROPERTY_REMOVED,
    /** An input property became required. */
    REQUIRED_ADDED,
    /** An output property is no longer required, so consumers may find it absent. */
    REQUIRED_REMOVED,
    /** An input object that accepted undeclared properties no longer does. */
    ADDITIONAL_PROPERTIES_CLOSED,
    /** An input accepts fewer JSON types ({@code ["string","null"]} to {@code "string"}, number to integer). */
    TYPE_NARROWED,
    /** An output may carry JSON types it could not before ({@code "string"} to {@code ["string","null"]}). */
    TYPE_WIDENED,
    /** An input accepts fewer values: enum values removed, or an enum or const introduced. */
    ENUM_NARROWED,
    /** An output may carry values it could not before: enum values added, or the enum dropped. */
    ENUM_WIDENED,
    /**
     * An input limit tightened: maximum, minimum, exclusive bounds, maxLength, minLength, maxItems,
     * minItems, maxProperties, minProperties, multipleOf or uniqueItems.
     */
    LIMIT_TIGHTENED,
    /** An output limit loosened: the same keywords as {@link #LIMIT_TIGHTENED}, relaxed. */
    LIMIT_LOOSENED,
    /**
     * A {@code pattern} was introduced or changed on an input, or changed or dropped on an output. Regular
     * expressions are not compared for inclusion, so any textual change counts.
     */
    PATTERN_CHANGED,
    /** A {@code format} was introduced or changed on an input, or changed or dropped on an output. */
    FORMAT_CHANGED,
    /**
     * The schemas differ in a way the checker does not analyse ({@code $ref}, {@code definitions}, {@code
     * oneOf}, {@code anyOf}, {@code allOf}, {@code not}, {@code if}, {@code patternProperties}, tuple
     * {@code items}, a missing schema, and any other keyword not listed above): the change cannot be proved
     * compatible, so it is reported once per schema location.
     */
    SCHEMA_CHANGED_UNANALYZED
  }
}
