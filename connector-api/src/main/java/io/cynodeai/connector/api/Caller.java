package io.cynodeai.connector.api;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The identity on whose behalf an engine API is called: a user, the groups they act through, and the
 * project they act in. The host authenticates; the engine authorizes with this.
 */
public record Caller(String userId, List<String> groupIds, @Nullable String projectId) {
  public Caller {
    Objects.requireNonNull(userId, "userId");
    if (userId.isBlank()) {
      throw new IllegalArgumentException("userId must not be blank");
    }
    groupIds = List.copyOf(groupIds);
  }

  /** A user acting alone in a project (or in none when {@code projectId} is null). */
  public static Caller user(String userId, @Nullable String projectId) {
    return new Caller(userId, List.of(), projectId);
  }

  public Caller withGroups(String... groups) {
    return new Caller(userId, List.of(groups), projectId);
  }
}
