package io.cynodeai.connector.api.store;

import io.cynodeai.connector.api.ConnectorException;

/** An instance with that id already exists. */
public final class DuplicateInstanceException extends ConnectorException {
  private static final long serialVersionUID = 1L;

  public DuplicateInstanceException(String instanceId) {
    super("connector instance '" + instanceId + "' already exists");
  }
}
