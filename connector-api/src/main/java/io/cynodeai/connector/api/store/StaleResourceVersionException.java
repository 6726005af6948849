package io.cynodeai.connector.api.store;

import io.cynodeai.connector.api.ConnectorException;

/** A write was based on an outdated resource version: someone else changed the instance first. */
public final class StaleResourceVersionException extends ConnectorException {
  private static final long serialVersionUID = 1L;

  public StaleResourceVersionException(String instanceId, long expected, long actual) {
    super("connector instance '" + instanceId + "' is at resource version " + actual + ", not " + expected);
  }
}
