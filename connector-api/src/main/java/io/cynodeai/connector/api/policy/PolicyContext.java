package io.cynodeai.connector.api.policy;

import io.cynodeai.connector.api.ExecutionMode;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Everything a policy engine is given (§9.2). {@code groupIds} carries all of the caller's groups (the
 * spec's {@code group_id}); fields that do not apply to the action (the operation of a lifecycle call) are
 * null.
 */
public record PolicyContext(
    Action action,
    String userId,
    List<String> groupIds,
    @Nullable String projectId,
    @Nullable String connectorInstanceId,
    @Nullable String connectorType,
    @Nullable String operationName,
    @Nullable ExecutionMode executionMode) {

  public PolicyContext {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(userId, "userId");
    groupIds = List.copyOf(groupIds);
  }
}
