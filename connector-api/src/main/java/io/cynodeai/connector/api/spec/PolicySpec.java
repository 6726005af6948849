package io.cynodeai.connector.api.spec;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A constrained policy allowlist (§19.6): the operations of the type that may be invoked and the actions the
 * instance may perform at all. It only narrows what the host's policy engine allows; it never grants. The
 * engine checks that the operations exist on the type, that the action scope uses its closed vocabulary
 * ({@code connector.read}, {@code connector.write}, {@code connector.operation.invoke}, {@code
 * connector.operation.read}) and that every listed operation is one the scope lets the instance invoke.
 *
 * @param allowOperations the only operations that may be invoked (exact names), or null for no allowlist
 * @param actionScope the actions the instance may perform; empty for no action narrowing
 */
public record PolicySpec(@Nullable List<String> allowOperations, List<String> actionScope) {
  public PolicySpec {
    allowOperations = allowOperations == null ? null : List.copyOf(allowOperations);
    actionScope = List.copyOf(actionScope);
  }
}
