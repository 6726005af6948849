package io.cynodeai.connector.sandbox;

import java.util.Objects;

/**
 * One sandbox verification probe's outcome.
 *
 * @param probe what was attempted inside the sandbox ({@code open_socket}, {@code exceed_memory}, ...)
 * @param enforced whether the sandbox prevented it as required, by the layer it is meant to
 * @param observed what happened: the failure code of the call ({@code timeout}, {@code sandbox_crashed}, ...),
 *     or {@code prevented (...)} / {@code escaped (...)} with the error and evidence the probe saw
 * @param stoppedBy the layer that stopped it ({@code network namespace ...}, {@code RLIMIT_NPROC ...}, ...);
 *     empty when nothing did
 */
public record ProbeResult(String probe, boolean enforced, String observed, String stoppedBy) {
  public ProbeResult {
    Objects.requireNonNull(probe, "probe");
    Objects.requireNonNull(observed, "observed");
    Objects.requireNonNull(stoppedBy, "stoppedBy");
  }

  /** A result that names no layer. */
  public ProbeResult(String probe, boolean enforced, String observed) {
    this(probe, enforced, observed, "");
  }
}
