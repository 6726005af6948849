package io.cynodeai.connector.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A classified failure. Messages are written for the caller and never carry credential material.
 *
 * @param failureClass the §5.1 class
 * @param code a stable machine-readable code within the class ({@code unknown_instance}, {@code timeout})
 * @param message a human-readable explanation
 * @param retryable whether the same call may succeed later
 * @param providerStatus the status the provider reported, when the failure came from the provider
 * @param retryAfter how long to wait before retrying, when known
 * @param violations the located reasons, for validation errors
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Failed(
    FailureClass failureClass,
    String code,
    String message,
    boolean retryable,
    @Nullable Integer providerStatus,
    @Nullable Duration retryAfter,
    List<Violation> violations)
    implements Outcome {

  public Failed {
    Objects.requireNonNull(failureClass, "failureClass");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
    violations = List.copyOf(violations);
  }

  /** A failure of the given class, retryable as the class is. */
  public static Failed of(FailureClass failureClass, String code, String message) {
    return new Failed(failureClass, code, message, failureClass.retryable(), null, null, List.of());
  }

  /** A validation error listing every violation. */
  public static Failed validation(String code, String message, List<Violation> violations) {
    return new Failed(FailureClass.VALIDATION_ERROR, code, message, false, null, null, violations);
  }

  public Failed withProviderStatus(@Nullable Integer status) {
    return new Failed(failureClass, code, message, retryable, status, retryAfter, violations);
  }

  public Failed withRetryAfter(@Nullable Duration delay) {
    return new Failed(failureClass, code, message, retryable, providerStatus, delay, violations);
  }
}
