package io.cynodeai.connector.api.store;

import io.cynodeai.connector.api.ConnectorException;

/**
 * A backend store could not do what was asked (its database is unreachable, a statement failed). The engine
 * turns it into a {@code transient} failure of the call it happened in; nothing is half-written.
 */
public class StoreException extends ConnectorException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
