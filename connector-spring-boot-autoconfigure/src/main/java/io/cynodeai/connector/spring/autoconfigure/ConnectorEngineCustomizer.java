package io.cynodeai.connector.spring.autoconfigure;

import io.cynodeai.connector.core.EngineBuilder;

/**
 * A bean the application defines to change the auto-configured {@link EngineBuilder} before the engine is
 * built: per-instance egress, host credential references, rate limits, job workers, a catalog. Called once, at
 * start-up, on the thread that creates the engine, in {@code @Order}; what it sets wins over the
 * auto-configuration's choices.
 */
@FunctionalInterface
public interface ConnectorEngineCustomizer {
  void customize(EngineBuilder builder);
}
