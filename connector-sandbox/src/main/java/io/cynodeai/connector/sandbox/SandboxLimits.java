package io.cynodeai.connector.sandbox;

import java.time.Duration;
import java.util.Objects;

/**
 * The resource limits of a sandboxed connector's child process (REQ-EGRESS-006). Time is the operation's own
 * timeout (the engine's deadline): the parent kills the child's process tree when it passes. CPU is one processor
 * for at most that time: on Linux the child is pinned to one CPU with {@code taskset}, and it sees one processor
 * ({@code -XX:ActiveProcessorCount=1}); where {@code taskset} is missing only the latter applies.
 *
 * @param maxHeapMegabytes the child's heap ({@code -Xmx}); running out ends the child: {@code sandbox_crashed}
 * @param maxOutputBytes how much the parent reads from the child's stdout and, separately, stderr per call; more
 *     is {@code sandbox_output_exceeded}
 * @param maxHttpResponseBytes the largest forwarded HTTP response body the parent passes to the child
 * @param startupTimeout how long the child may take to report its descriptor when the type is loaded
 */
public record SandboxLimits(int maxHeapMegabytes, long maxOutputBytes, int maxHttpResponseBytes,
    Duration startupTimeout) {

  public SandboxLimits {
    Objects.requireNonNull(startupTimeout, "startupTimeout");
    if (maxHeapMegabytes < 16) {
      throw new IllegalArgumentException("maxHeapMegabytes must be at least 16");
    }
    if (maxOutputBytes < 4096) {
      throw new IllegalArgumentException("maxOutputBytes must be at least 4096");
    }
    if (maxHttpResponseBytes < 0) {
      throw new IllegalArgumentException("maxHttpResponseBytes must not be negative");
    }
    if (startupTimeout.isNegative() || startupTimeout.isZero()) {
      throw new IllegalArgumentException("startupTimeout must be positive");
    }
  }

  /** 64 MB of heap, 1 MiB of output, 1 MiB per forwarded HTTP response, 20 s to start. */
  public static SandboxLimits defaults() {
    return new SandboxLimits(64, 1024 * 1024, 1024 * 1024, Duration.ofSeconds(20));
  }

  public SandboxLimits withMaxHeapMegabytes(int value) {
    return new SandboxLimits(value, maxOutputBytes, maxHttpResponseBytes, startupTimeout);
  }

  public SandboxLimits withMaxOutputBytes(long value) {
    return new SandboxLimits(maxHeapMegabytes, value, maxHttpResponseBytes, startupTimeout);
  }

  public SandboxLimits withMaxHttpResponseBytes(int value) {
    return new SandboxLimits(maxHeapMegabytes, maxOutputBytes, value, startupTimeout);
  }
}
