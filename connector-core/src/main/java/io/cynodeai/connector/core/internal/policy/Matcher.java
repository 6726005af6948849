package io.cynodeai.connector.core.internal.policy;

import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One constraint of a rule over one context field: absent (matches anything) or a list of globs (matches a
 * present value that any glob matches; a missing value never matches a constraint).
 */
record Matcher(List<Glob> globs) {
  static final Matcher ANY = new Matcher(List.of());

  Matcher {
    globs = List.copyOf(globs);
  }

  boolean constrained() {
    return !globs.isEmpty();
  }

  boolean matches(@Nullable String value) {
    if (globs.isEmpty()) {
      return true;
    }
    return value != null && globs.stream().anyMatch(g -> g.matches(value));
  }

  boolean matchesAny(Collection<String> values) {
    return values.stream().anyMatch(v -> globs.stream().anyMatch(g -> g.matches(v)));
  }

  @Override
  public String toString() {
    return globs.stream().map(Glob::text).toList().toString();
  }
}
