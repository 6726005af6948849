package io.cynodeai.connector.api;

/**
 * What an invocation came to: a normalized response, or a classified failure. Expected failures are values,
 * never exceptions; switch over the two cases exhaustively.
 */
public sealed interface Outcome permits Succeeded, Failed {

  /** Whether this is a {@link Succeeded}. */
  default boolean succeeded() {
    return this instanceof Succeeded;
  }
}
