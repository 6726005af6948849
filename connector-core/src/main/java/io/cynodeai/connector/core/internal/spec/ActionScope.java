package io.cynodeai.connector.core.internal.spec;

import java.util.Arrays;
import java.util.Collection;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The closed vocabulary of a spec's {@code policy.actionScope} (§19.6): what an instance may do at all,
 * whoever calls. A scope only narrows what the host's policy allows; it never grants.
 */
enum ActionScope {
  /** Invoke non-mutating operations (and read their results). */
  READ("connector.read"),
  /** Invoke mutating operations. */
  WRITE("connector.write"),
  /** The §9.1 action: invoke any operation. */
  OPERATION_INVOKE("connector.operation.invoke"),
  /** The §9.1 action: read results and jobs; invokes nothing. */
  OPERATION_READ("connector.operation.read");

  private final String wireName;

  ActionScope(String wireName) {
    this.wireName = wireName;
  }

  String wireName() {
    return wireName;
  }

  static Optional<ActionScope> of(String wireName) {
    return Arrays.stream(values()).filter(s -> s.wireName.equals(wireName)).findFirst();
  }

  /** The wire names, for messages. */
  static String known() {
    return Arrays.stream(values()).map(ActionScope::wireName).collect(Collectors.joining(", "));
  }

  /** Whether a scope holding {@code granted} lets the instance invoke an operation that is (or is not) mutating. */
  static boolean invokes(Collection<ActionScope> granted, boolean mutating) {
    return granted.contains(OPERATION_INVOKE) || granted.contains(mutating ? WRITE : READ);
  }
}
