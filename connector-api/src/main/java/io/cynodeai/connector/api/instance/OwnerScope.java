package io.cynodeai.connector.api.instance;

import java.util.Objects;

/** Who owns an instance: a user or a group, by id. */
public record OwnerScope(Type type, String id) {

  /** The kinds of owner. */
  public enum Type {
    USER,
    GROUP
  }

  public OwnerScope {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(id, "id");
    if (id.isBlank()) {
      throw new IllegalArgumentException("owner id must not be blank");
    }
  }

  public static OwnerScope user(String userId) {
    return new OwnerScope(Type.USER, userId);
  }

  public static OwnerScope group(String groupId) {
    return new OwnerScope(Type.GROUP, groupId);
  }
}
