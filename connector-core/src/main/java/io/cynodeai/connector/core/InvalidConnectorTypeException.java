package io.cynodeai.connector.core;

import io.cynodeai.connector.api.ConnectorException;
import java.util.List;

/** A connector type descriptor broke the rules; the message lists every problem. */
public final class InvalidConnectorTypeException extends ConnectorException {
  private static final long serialVersionUID = 1L;
  private final List<String> problems;

  public InvalidConnectorTypeException(String coordinates, List<String> problems) {
    super("connector type " + coordinates + " is invalid: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
