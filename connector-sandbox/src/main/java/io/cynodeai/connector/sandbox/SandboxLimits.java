package io.cynodeai.connector.sandbox;

import java.time.Duration;
import java.util.Objects;

/**
 * The resource limits and isolation requirement of a sandboxed connector's child process (REQ-EGRESS-006). The
 * child runs under bubblewrap (see {@code docs/sandbox.md}) with OS resource limits: address space, processes and
 * threads, open files and CPU seconds ({@code prlimit}). Time is the operation's own timeout (the engine's
 * deadline): the parent kills the child's process tree when it passes. On Linux the child is also pinned to one
 * CPU with {@code taskset} and sees one processor ({@code -XX:ActiveProcessorCount=1}).
 *
 * @param maxHeapMegabytes the child's heap ({@code -Xmx}); running out ends the child: {@code sandbox_crashed}
 * @param maxOutputBytes how much the parent reads from the child's stdout and, separately, stderr per call; more
 *     is {@code sandbox_output_exceeded}
 * @param maxHttpResponseBytes the largest forwarded HTTP response body the parent passes to the child
 * @param startupTimeout how long the child may take to report its descriptor when the type is loaded
 * @param maxProcesses the child's processes and threads together ({@code RLIMIT_NPROC}); the JVM itself needs
 *     about 20
 * @param maxOpenFiles the child's open file descriptors ({@code RLIMIT_NOFILE})
 * @param maxCpuSeconds the CPU time the child may use in all ({@code RLIMIT_CPU}); past it the kernel ends it
 * @param maxAddressSpaceMegabytes the child's virtual address space ({@code RLIMIT_AS}), heap included; a JVM
 *     reserves about 1.2 GB of address space before it allocates anything, so keep this well above that
 * @param allowWeakerIsolation whether untrusted connectors may run where the OS isolation cannot be had (no
 *     bubblewrap, no namespaces): then they run as plain child processes with the resource limits only, the
 *     verification report and every call's warnings say so. False by default: such a host refuses to load them
 * @param maxIdleWorkers how many warm workers per instance are kept for reuse after a call (0, the default: a
 *     fresh child per call). A warm worker serves one instance only, one call at a time; it is replaced when it
 *     crashes, fails a call with a sandbox failure (timeout, limits, protocol), has used half its CPU seconds or
 *     has been idle for {@code workerIdleTimeout}. Static state of the connector survives between calls of the
 *     same instance in a warm worker; credentials do not (they are zero-filled after each call)
 * @param workerIdleTimeout how long a warm worker may stay idle before it is ended
 */
public record SandboxLimits(int maxHeapMegabytes, long maxOutputBytes, int maxHttpResponseBytes,
    Duration startupTimeout, int maxProcesses, int maxOpenFiles, int maxCpuSeconds, int maxAddressSpaceMegabytes,
    boolean allowWeakerIsolation, int maxIdleWorkers, Duration workerIdleTimeout) {

  public SandboxLimits {
    Objects.requireNonNull(startupTimeout, "startupTimeout");
    Objects.requireNonNull(workerIdleTimeout, "workerIdleTimeout");
    if (maxIdleWorkers < 0 || maxIdleWorkers > 64) {
      throw new IllegalArgumentException("maxIdleWorkers must be between 0 and 64");
    }
    if (workerIdleTimeout.toMillis() < 100) {
      throw new IllegalArgumentException("workerIdleTimeout must be at least 100 ms");
    }
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
    if (maxProcesses < 32) {
      throw new IllegalArgumentException("maxProcesses must be at least 32 (the JVM's own threads)");
    }
    if (maxOpenFiles < 64) {
      throw new IllegalArgumentException("maxOpenFiles must be at least 64");
    }
    if (maxCpuSeconds < 1) {
      throw new IllegalArgumentException("maxCpuSeconds must be at least 1");
    }
    if (maxAddressSpaceMegabytes < maxHeapMegabytes + 1024) {
      throw new IllegalArgumentException("maxAddressSpaceMegabytes must be at least the heap plus 1024");
    }
  }

  /** The first four limits, with the defaults for the rest. */
  public SandboxLimits(int maxHeapMegabytes, long maxOutputBytes, int maxHttpResponseBytes,
      Duration startupTimeout) {
    this(maxHeapMegabytes, maxOutputBytes, maxHttpResponseBytes, startupTimeout, 128, 256, 60,
        DEFAULT_ADDRESS_SPACE_MB, false, 0, Duration.ofSeconds(60));
  }

  private static final int DEFAULT_ADDRESS_SPACE_MB = 2048;

  /**
   * 64 MB of heap, 1 MiB of output, 1 MiB per forwarded HTTP response, 20 s to start, 128 processes and
   * threads, 256 open files, 60 CPU seconds, 2 GB of address space, OS isolation required, a fresh child per call
   * (no warm workers; 60 s idle timeout once enabled).
   */
  public static SandboxLimits defaults() {
    return new SandboxLimits(64, 1024 * 1024, 1024 * 1024, Duration.ofSeconds(20));
  }

  /** With another heap; the address space grows with it when it would otherwise be too small. */
  public SandboxLimits withMaxHeapMegabytes(int value) {
    return new SandboxLimits(value, maxOutputBytes, maxHttpResponseBytes, startupTimeout, maxProcesses,
        maxOpenFiles, maxCpuSeconds, maxAddressSpaceMegabytes < value + 1024 ? value + DEFAULT_ADDRESS_SPACE_MB
            : maxAddressSpaceMegabytes, allowWeakerIsolation, maxIdleWorkers, workerIdleTimeout);
  }

  public SandboxLimits withMaxOutputBytes(long value) {
    return new SandboxLimits(maxHeapMegabytes, value, maxHttpResponseBytes, startupTimeout, maxProcesses,
        maxOpenFiles, maxCpuSeconds, maxAddressSpaceMegabytes, allowWeakerIsolation, maxIdleWorkers,
        workerIdleTimeout);
  }

  public SandboxLimits withMaxHttpResponseBytes(int value) {
    return new SandboxLimits(maxHeapMegabytes, maxOutputBytes, value, startupTimeout, maxProcesses,
        maxOpenFiles, maxCpuSeconds, maxAddressSpaceMegabytes, allowWeakerIsolation, maxIdleWorkers,
        workerIdleTimeout);
  }

  public SandboxLimits withMaxProcesses(int value) {
    return new SandboxLimits(maxHeapMegabytes, maxOutputBytes, maxHttpResponseBytes, startupTimeout, value,
        maxOpenFiles, maxCpuSeconds, maxAddressSpaceMegabytes, allowWeakerIsolation, maxIdleWorkers,
        workerIdleTimeout);
  }

  public SandboxLimits withMaxOpenFiles(int value) {
    return new SandboxLimits(maxHeapMegabytes, maxOutputBytes, maxHttpResponseBytes, startupTimeout, maxProcesses,
        value, maxCpuSeconds, maxAddressSpaceMegabytes, allowWeakerIsolation, maxIdleWorkers,
        workerIdleTimeout);
  }

  public SandboxLimits withMaxCpuSeconds(int value) {
    return new SandboxLimits(maxHeapMegabytes, maxOutputBytes, maxHttpResponseBytes, startupTimeout, maxProcesses,
        maxOpenFiles, value, maxAddressSpaceMegabytes, allowWeakerIsolation, maxIdleWorkers,
        workerIdleTimeout);
  }

  public SandboxLimits withMaxAddressSpaceMegabytes(int value) {
    return new SandboxLimits(maxHeapMegabytes, maxOutputBytes, maxHttpResponseBytes, startupTimeout, maxProcesses,
        maxOpenFiles, maxCpuSeconds, value, allowWeakerIsolation, maxIdleWorkers, workerIdleTimeout);
  }

  /**
   * With the host's explicit acceptance (or not) of a weaker sandbox where the OS isolation cannot be had: see
   * {@link #allowWeakerIsolation()}.
   */
  public SandboxLimits withAllowWeakerIsolation(boolean value) {
    return new SandboxLimits(maxHeapMegabytes, maxOutputBytes, maxHttpResponseBytes, startupTimeout, maxProcesses,
        maxOpenFiles, maxCpuSeconds, maxAddressSpaceMegabytes, value, maxIdleWorkers, workerIdleTimeout);
  }

  /** With warm workers kept for reuse: see {@link #maxIdleWorkers()}. */
  public SandboxLimits withWarmWorkers(int maxIdlePerInstance, Duration idleTimeout) {
    return new SandboxLimits(maxHeapMegabytes, maxOutputBytes, maxHttpResponseBytes, startupTimeout, maxProcesses,
        maxOpenFiles, maxCpuSeconds, maxAddressSpaceMegabytes, allowWeakerIsolation, maxIdlePerInstance,
        idleTimeout);
  }
}
