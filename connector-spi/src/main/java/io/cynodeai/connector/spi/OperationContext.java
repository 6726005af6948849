package io.cynodeai.connector.spi;

import io.cynodeai.connector.api.ExecutionMode;

/** The {@link ConnectorContext} of one operation attempt. */
public interface OperationContext extends ConnectorContext {

  String requestId();

  String correlationId();

  /** The operation being run. */
  String operation();

  ExecutionMode executionMode();

  /** 1 for the first attempt, 2 for the first retry, and so on. */
  int attempt();
}
