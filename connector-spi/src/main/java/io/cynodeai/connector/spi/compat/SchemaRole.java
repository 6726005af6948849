package io.cynodeai.connector.spi.compat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.spi.compat.BreakingChange.Kind;

/**
 * Which side of the contract a schema describes, which fixes the direction a change must not go in.
 *
 * <p>Every value-level constraint is checked as an inclusion: each document the <em>kept</em> schema accepts
 * must still be accepted by the <em>judge</em> schema. For an input the kept schema is the older one (what
 * callers were allowed to send) and the judge the newer one (what the engine now validates against); for an
 * output the roles swap: what the newer version may return must have been possible under the older schema
 * that consumers were written against.
 */
enum SchemaRole {
  /** A config or request schema: callers send documents that must stay valid. */
  INPUT(Kind.TYPE_NARROWED, Kind.ENUM_NARROWED, Kind.LIMIT_TIGHTENED),
  /** A response schema: consumers read documents whose shape must not grow. */
  OUTPUT(Kind.TYPE_WIDENED, Kind.ENUM_WIDENED, Kind.LIMIT_LOOSENED);

  private final Kind typeKind;
  private final Kind enumKind;
  private final Kind limitKind;

  SchemaRole(Kind typeKind, Kind enumKind, Kind limitKind) {
    this.typeKind = typeKind;
    this.enumKind = enumKind;
    this.limitKind = limitKind;
  }

  /** The schema whose documents must all remain acceptable. */
  JsonNode kept(JsonNode older, JsonNode newer) {
    return this == INPUT ? older : newer;
  }

  /** The schema that must accept every document of the kept one. */
  JsonNode judge(JsonNode older, JsonNode newer) {
    return this == INPUT ? newer : older;
  }

  Kind typeKind() {
    return typeKind;
  }

  Kind enumKind() {
    return enumKind;
  }

  Kind limitKind() {
    return limitKind;
  }
}
