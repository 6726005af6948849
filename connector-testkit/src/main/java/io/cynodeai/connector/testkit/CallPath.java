package io.cynodeai.connector.testkit;

import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.spi.OperationDescriptor;
import java.util.ArrayList;
import java.util.List;

/**
 * How a check called the operation: a synchronous call, or a job submitted, run by the engine's job workers to
 * completion and read back. Each {@link CheckResult} lists the paths it covered, and the report shows them.
 */
public enum CallPath {
  /** {@code ConnectorEngine.invoke} in sync mode: the caller waits for the outcome. */
  SYNC("sync"),
  /** An async job: submitted, run to a final state by the job workers, its stored result checked. */
  ASYNC("async job");

  private final String label;

  CallPath(String label) {
    this.label = label;
  }

  /** The name used in reports: {@code sync} or {@code async job}. */
  public String label() {
    return label;
  }

  /** The execution mode a call on this path uses. */
  public ExecutionMode mode() {
    return this == SYNC ? ExecutionMode.SYNC : ExecutionMode.ASYNC;
  }

  /** The paths {@code op} offers, sync first. */
  static List<CallPath> of(OperationDescriptor op) {
    List<CallPath> paths = new ArrayList<>();
    if (op.modes().contains(ExecutionMode.SYNC)) {
      paths.add(SYNC);
    }
    if (op.modes().contains(ExecutionMode.ASYNC)) {
      paths.add(ASYNC);
    }
    return paths;
  }

  @Override
  public String toString() {
    return label;
  }
}
