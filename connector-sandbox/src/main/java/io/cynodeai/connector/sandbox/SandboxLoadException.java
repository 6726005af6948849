package io.cynodeai.connector.sandbox;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A sandboxed connector type could not be loaded: the child did not start, did not report a valid descriptor in
 * time, or broke the protocol. {@link #code()} is one of the sandbox's failure codes ({@code sandbox_crashed},
 * {@code sandbox_protocol_error}, {@code sandbox_output_exceeded}, {@code timeout}, ...).
 */
public final class SandboxLoadException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String code;

  public SandboxLoadException(String code, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  public String code() {
    return code;
  }
}
