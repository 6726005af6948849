package io.cynodeai.connector.spi;

import java.util.Objects;

/**
 * A value in a response to redact before it reaches a caller (§3.3): a JSON Pointer into the response
 * {@code data} in which a segment {@code *} matches every array element or object member, e.g. {@code
 * /messages/&#42;/snippet}. A matched value is replaced with {@link #REDACTED} and its concrete pointer is
 * listed in {@code redactions_applied}.
 */
public record RedactionRule(String pointerPattern) {
  /** The replacement for a redacted value. */
  public static final String REDACTED = "[REDACTED]";

  public RedactionRule {
    Objects.requireNonNull(pointerPattern, "pointerPattern");
  }

  public static RedactionRule of(String pointerPattern) {
    return new RedactionRule(pointerPattern);
  }
}
