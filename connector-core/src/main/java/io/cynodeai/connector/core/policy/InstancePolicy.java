package io.cynodeai.connector.core.policy;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The only policy an instance (or a declarative spec, §19.6) may carry: a named template granted to some
 * subjects on this instance, and an operation allowlist. Arbitrary rules are not accepted here; the template
 * must exist, which {@link RuleBasedPolicy#withInstance} checks.
 *
 * @param template a template name ({@code read-only-notifications}), or null for none
 * @param users users the template is granted to ({@code *} for everyone the tenancy rules let in)
 * @param groups groups the template is granted to
 * @param allowOperations when not null, the only operations that may be invoked on the instance, whoever
 *     calls and whatever other rules allow (an exact-name list; the allowlist only narrows)
 */
public record InstancePolicy(
    @Nullable String template,
    List<String> users,
    List<String> groups,
    @Nullable List<String> allowOperations) {

  public InstancePolicy {
    users = List.copyOf(users);
    groups = List.copyOf(groups);
    allowOperations = allowOperations == null ? null : List.copyOf(allowOperations);
    if (template != null && users.isEmpty() && groups.isEmpty()) {
      throw new IllegalArgumentException("a template binding must name users or groups (use \"*\" for everyone)");
    }
  }

  /** Grants a template to groups. */
  public static InstancePolicy template(String name, String... groups) {
    return new InstancePolicy(Objects.requireNonNull(name, "name"), List.of(), List.of(groups), null);
  }

  /** Only an allowlist. */
  public static InstancePolicy allowlist(String... operations) {
    return new InstancePolicy(null, List.of(), List.of(), List.of(operations));
  }

  public InstancePolicy withAllowOperations(@Nullable List<String> operations) {
    return new InstancePolicy(template, users, groups, operations);
  }
}
