package io.cynodeai.connector.core.credentials;

import io.cynodeai.connector.api.instance.OwnerScope;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Who owns a secret: the host, or one tenant scope of the kind instances have (a project, a group or a user).
 * An instance's secret scope is its project when it has one, else its owner ({@link #of}): the same reach the
 * tenancy rules give the instance itself (docs/tenancy.md). A tenant-authored reference (a spec's {@code
 * secretRef}) resolves only within its instance's scope, or to a host secret the host {@linkplain
 * CredentialVault#grant granted} to that scope. Immutable.
 *
 * @param kind what kind of owner
 * @param id the owner's id; empty for the host
 */
public record SecretScope(Kind kind, String id) {
  private static final SecretScope HOST = new SecretScope(Kind.HOST, "");

  /** The kinds of secret owner. */
  public enum Kind {
    /** The host application: its environment, files, vault and the secrets it stores for itself. */
    HOST,
    PROJECT,
    GROUP,
    USER
  }

  public SecretScope {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(id, "id");
    if (kind == Kind.HOST ? !id.isEmpty() : id.isBlank()) {
      throw new IllegalArgumentException(kind == Kind.HOST ? "the host scope has no id"
          : "a " + kind.name().toLowerCase(java.util.Locale.ROOT) + " secret scope needs an id");
    }
  }

  /** The host's own scope. */
  public static SecretScope host() {
    return HOST;
  }

  public static SecretScope project(String projectId) {
    return new SecretScope(Kind.PROJECT, projectId);
  }

  public static SecretScope group(String groupId) {
    return new SecretScope(Kind.GROUP, groupId);
  }

  public static SecretScope user(String userId) {
    return new SecretScope(Kind.USER, userId);
  }

  /** The scope of an instance (or spec) with this owner and project: the project, else the owner. */
  public static SecretScope of(OwnerScope owner, @Nullable String projectId) {
    Objects.requireNonNull(owner, "owner");
    if (projectId != null) {
      return project(projectId);
    }
    return owner.type() == OwnerScope.Type.GROUP ? group(owner.id()) : user(owner.id());
  }

  /** Whether this is the host's scope. */
  public boolean isHost() {
    return kind == Kind.HOST;
  }

  @Override
  public String toString() {
    return isHost() ? "host" : kind.name().toLowerCase(java.util.Locale.ROOT) + " '" + id + "'";
  }
}
