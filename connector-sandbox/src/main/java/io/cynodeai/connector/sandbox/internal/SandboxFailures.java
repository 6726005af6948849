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

  static ProviderException crashed(int exitCode, boolean outOfMemory, int heapMegabytes) {
    return ProviderException.permanentFailure("sandbox_crashed", "the sandboxed connector's process ended with exit "
        + "code " + exitCode + (outOfMemory ? " after exceeding its memory limit of " + heapMegabytes + " MB" : ""),
        null);
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
