package io.cynodeai.connector.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.spi.CredentialAccess;
import io.cynodeai.connector.spi.NetworkAccess;
import io.cynodeai.connector.spi.OperationContext;
import java.time.Clock;
import java.time.Instant;

/**
 * The context a handler is called with when a benchmark calls it directly, outside the engine: plain values
 * through the SPI interface only. The benchmark handler reads none of it. Immutable.
 */
record BenchContext(String instanceId, JsonNode config, Clock clock, System.Logger logger, Instant deadline,
    String requestId, String correlationId, String operation, ExecutionMode executionMode, int attempt)
    implements OperationContext {

  static BenchContext of(Clock clock) {
    return new BenchContext(Fixtures.INSTANCE_ID, Fixtures.CONFIG, clock,
        System.getLogger("io.cynodeai.connector.type." + Fixtures.TYPE_NAME), clock.instant().plusSeconds(10),
        "req-1", "req-1", Fixtures.OPERATION, ExecutionMode.SYNC, 1);
  }

  @Override
  public CredentialAccess credentials() {
    return CredentialAccess.none();
  }

  @Override
  public NetworkAccess network() {
    throw new UnsupportedOperationException("the benchmark handler does not reach the network");
  }
}
