package io.cynodeai.connector.core;

/** Creates connector engines. */
public final class ConnectorEngines {
  private ConnectorEngines() {}

  /** A builder with embedded defaults (in-memory stores, SLF4J audit, deny-all policy). */
  public static EngineBuilder builder() {
    return new EngineBuilder();
  }
}
