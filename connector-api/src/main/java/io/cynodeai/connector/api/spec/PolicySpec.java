package io.cynodeai.connector.api.spec;

import java.util.List;

/**
 * A constrained policy allowlist (§19.6): the operations of the type that may be invoked and the action
 * scope granted. The engine checks the operations exist on the type.
 */
public record PolicySpec(List<String> allowOperations, List<String> actionScope) {
  public PolicySpec {
    allowOperations = List.copyOf(allowOperations);
    actionScope = List.copyOf(actionScope);
  }
}
