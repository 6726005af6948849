package io.cynodeai.connector.core.catalog;

import io.cynodeai.connector.api.ConnectorException;
import java.util.Objects;

/**
 * A connector bundle that was refused: nothing of it was loaded. {@link #reason()} says why, the message says
 * it in words (never with key material).
 */
public final class InvalidBundleException extends ConnectorException {
  private static final long serialVersionUID = 1L;

  /** Why a bundle was refused. */
  public enum Reason {
    /** The bundle JAR cannot be read. */
    UNREADABLE_BUNDLE,
    /** There is no signature file. */
    MISSING_SIGNATURE,
    /** The signature file is not a bundle signature. */
    MALFORMED_SIGNATURE,
    /** The signature names a key the host does not trust. */
    UNTRUSTED_KEY,
    /** The JAR's bytes are not the bytes that were signed. */
    DIGEST_MISMATCH,
    /** The signature does not verify with the named trusted key. */
    BAD_SIGNATURE,
    /** The verified JAR holds no usable connector provider. */
    NO_PROVIDER
  }

  private final Reason reason;

  public InvalidBundleException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public InvalidBundleException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
