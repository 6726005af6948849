package io.cynodeai.connector.core.internal.policy;

import io.cynodeai.connector.api.policy.Action;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The templates every rule-based policy knows (§19.6). {@code read-only-notifications}: invoke operations
 * whose names read rather than write ({@code read*, list*, get*, search*, fetch*}) and read results;
 * {@code operate}: invoke any operation and read results; {@code manage}: also install, configure, enable,
 * disable and uninstall.
 */
final class BuiltInTemplates {
  private BuiltInTemplates() {}

  static Map<String, List<CompiledRule>> all() {
    return Map.of(
        "read-only-notifications", List.of(
            allow("read-only-notifications", Set.of(Action.OPERATION_INVOKE),
                globs("read*", "list*", "get*", "search*", "fetch*")),
            allow("read-only-notifications", Set.of(Action.OPERATION_READ), Matcher.ANY)),
        "operate", List.of(
            allow("operate", Set.of(Action.OPERATION_INVOKE, Action.OPERATION_READ), Matcher.ANY)),
        "manage", List.of(
            allow("manage", Set.of(Action.OPERATION_INVOKE, Action.OPERATION_READ, Action.INSTANCE_MANAGE),
                Matcher.ANY)));
  }

  private static CompiledRule allow(String name, Set<Action> actions, Matcher operations) {
    return new CompiledRule("template '" + name + "'", true, actions, Matcher.ANY, Matcher.ANY, Matcher.ANY,
        Matcher.ANY, Matcher.ANY, operations, Set.of());
  }

  private static Matcher globs(String... patterns) {
    return new Matcher(java.util.Arrays.stream(patterns).map(Glob::of).toList());
  }
}
