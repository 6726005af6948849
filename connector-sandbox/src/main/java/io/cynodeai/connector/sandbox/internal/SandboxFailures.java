package io.cynodeai.connector.sandbox.internal;

import io.cynodeai.connector.spi.ProviderException;

/**
 * The typed failures of a sandboxed call, as provider exceptions so the engine classifies them like any other:
 * {@code timeout} is transient; {@code sandbox_crashed}, {@code sandbox_protocol_error},
 * {@code sandbox_output_exceeded} and {@code sandbox_violation} are permanent. Messages never quote the child's
 * output, which may hold secrets.
 */
final class SandboxFailures {
  private SandboxFailures() {}

  static ProviderException timeout() {
    return ProviderException.transientFailure("timeout",
        "the sandboxed connector did not answer before the deadline; its process was killed", null);
  }

  /** The exit code of a process the kernel ended for exceeding its CPU time limit (128 + SIGXCPU). */
  static final int CPU_LIMIT_EXIT = 128 + 24;

  static ProviderException crashed(int exitCode, boolean outOfMemory, int heapMegabytes) {
    return crashed(exitCode, outOfMemory, false, heapMegabytes);
  }

  static ProviderException crashed(int exitCode, boolean outOfMemory, boolean threadLimit, int heapMegabytes) {
    String why = threadLimit ? " after reaching its limit of processes and threads"
        : outOfMemory ? " after exceeding its memory limit of " + heapMegabytes + " MB"
        : exitCode == CPU_LIMIT_EXIT ? " after exceeding its CPU time limit" : "";
    return ProviderException.permanentFailure("sandbox_crashed", "the sandboxed connector's process ended with exit "
        + "code " + exitCode + why, null);
  }

  static ProviderException protocol(String detail) {
    return ProviderException.permanentFailure("sandbox_protocol_error",
        "the sandboxed connector broke the protocol: " + detail, null);
  }

  static ProviderException outputExceeded(long cap) {
    return ProviderException.permanentFailure("sandbox_output_exceeded",
        "the sandboxed connector wrote more than " + cap + " bytes of output; its process was killed", null);
  }

  static ProviderException violation(String permission) {
    return ProviderException.permanentFailure("sandbox_violation",
        "the sandboxed connector attempted an operation the sandbox forbids (" + permission + ")", null);
  }
}
