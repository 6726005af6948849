package io.cynodeai.connector.spi;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Thrown by a handler to report how the provider failed. The engine classifies it (§5.1):
 *
 * <ul>
 *   <li>{@link Kind#STATUS}: by the operation's retryable status codes — listed means transient, otherwise
 *       permanent;
 *   <li>{@link Kind#TRANSIENT} / {@link Kind#PERMANENT}: as said;
 *   <li>{@link Kind#RATE_LIMITED}: the outcome is {@code quota_exceeded}, retryable by the caller after {@link
 *       #retryAfter()} (not retried within the call; the engine holds the instance's calls until then);
 *   <li>{@link Kind#AUTH_REJECTED}: permanent, and the instance's credentials are reported as expired.
 * </ul>
 *
 * Any other exception from a handler is classified too: an {@link java.io.IOException} as transient, an
 * interruption after a timeout as a timeout, anything else as a permanent {@code handler_error}. Messages
 * reach callers and audit logs: never put credential material in them.
 */
public final class ProviderException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** How the provider failed. */
  public enum Kind {
    STATUS,
    TRANSIENT,
    PERMANENT,
    RATE_LIMITED,
    AUTH_REJECTED
  }

  private final Kind kind;
  private final String code;
  private final @Nullable Integer status;
  private final @Nullable Duration retryAfter;

  private ProviderException(
      Kind kind, String code, String message, @Nullable Integer status, @Nullable Duration retryAfter,
      @Nullable Throwable cause) {
    super(message, cause, false, cause != null);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.code = Objects.requireNonNull(code, "code");
    this.status = status;
    this.retryAfter = retryAfter;
  }

  /** The provider answered with an error status; the operation's retry policy decides whether it is transient. */
  public static ProviderException status(int status, String message) {
    return new ProviderException(Kind.STATUS, "provider_status_" + status, message, status, null, null);
  }

  /** A failure that may succeed on retry. */
  public static ProviderException transientFailure(String code, String message, @Nullable Throwable cause) {
    return new ProviderException(Kind.TRANSIENT, code, message, null, null, cause);
  }

  /** A failure that cannot succeed on retry. */
  public static ProviderException permanentFailure(String code, String message, @Nullable Throwable cause) {
    return new ProviderException(Kind.PERMANENT, code, message, null, null, cause);
  }

  /** The provider rate-limited the call; {@code retryAfter} is its reset hint, if it gave one. */
  public static ProviderException rateLimited(int status, @Nullable Duration retryAfter, String message) {
    return new ProviderException(Kind.RATE_LIMITED, "provider_rate_limited", message, status, retryAfter, null);
  }

  /** The provider rejected the credentials. */
  public static ProviderException authRejected(@Nullable Integer status, String message) {
    return new ProviderException(Kind.AUTH_REJECTED, "credentials_rejected", message, status, null, null);
  }

  public Kind kind() {
    return kind;
  }

  /** A stable machine-readable code. */
  public String code() {
    return code;
  }

  public @Nullable Integer providerStatus() {
    return status;
  }

  public @Nullable Duration retryAfter() {
    return retryAfter;
  }
}
