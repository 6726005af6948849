package io.cynodeai.connector.api;

import io.cynodeai.connector.api.instance.InstanceManager;
import io.cynodeai.connector.api.spec.SpecService;

/**
 * The engine a host embeds: it runs operations of connector instances as governed calls (policy,
 * validation, timeouts, retries, circuit breaking, normalization, audit).
 *
 * <p>Thread-safe. {@link #invoke} may be called from any number of threads at once. Closing the engine
 * stops its worker threads; invocations after close fail with {@link IllegalStateException}.
 */
public interface ConnectorEngine extends AutoCloseable {

  /**
   * Runs one operation and returns its outcome. Never throws for an expected failure (unknown instance,
   * denied, invalid input, provider failure, timeout): those are {@link Failed} values.
   *
   * @throws NullPointerException if {@code request} is null
   */
  Outcome invoke(InvocationRequest request);

  /** Installs, configures, enables, disables and uninstalls connector instances. */
  InstanceManager instances();

  /** Validates, diffs, applies and deletes declarative connector specs (§19). */
  SpecService specs();

  @Override
  void close();
}
