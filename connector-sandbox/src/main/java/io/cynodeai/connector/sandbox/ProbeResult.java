package io.cynodeai.connector.sandbox;

import java.util.Objects;

/**
 * One sandbox verification probe's outcome.
 *
 * @param probe what was attempted inside the sandbox ({@code open_socket}, {@code exceed_memory}, ...)
 * @param enforced whether the sandbox prevented it as required
 * @param observed what happened: the failure code of the call, or {@code escaped} if the attempt succeeded
 */
public record ProbeResult(String probe, boolean enforced, String observed) {
  public ProbeResult {
    Objects.requireNonNull(probe, "probe");
    Objects.requireNonNull(observed, "observed");
  }
}
