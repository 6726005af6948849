package io.cynodeai.connector.api;

/**
 * The library's one unchecked root exception, for programming and configuration errors. Expected failures
 * of a call are {@link Failed} values, not exceptions.
 */
public class ConnectorException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConnectorException(String message) {
    super(message);
  }

  public ConnectorException(String message, Throwable cause) {
    super(message, cause);
  }
}
