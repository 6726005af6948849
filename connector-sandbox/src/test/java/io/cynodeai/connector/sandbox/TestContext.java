package io.cynodeai.connector.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.spi.CredentialAccess;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spi.NetworkAccess;
import io.cynodeai.connector.spi.OperationContext;
import java.time.Clock;
import java.time.Instant;

/** A minimal call context for driving a sandboxed handler without an engine: no credentials, no network. */
record TestContext(String operation) implements OperationContext {
  @Override
  public String instanceId() {
    return "inst-test";
  }

  @Override
  public JsonNode config() {
    return JsonResources.parse("{}");
  }

  @Override
  public Clock clock() {
    return Clock.systemUTC();
  }

  @Override
  public Instant deadline() {
    return Instant.now().plusSeconds(20);
  }

  @Override
  public System.Logger logger() {
    return System.getLogger("sandbox-test");
  }

  @Override
  public CredentialAccess credentials() {
    return CredentialAccess.none();
  }

  @Override
  public NetworkAccess network() {
    throw new IllegalStateException("no network in this test");
  }

  @Override
  public String requestId() {
    return "req-1";
  }

  @Override
  public String correlationId() {
    return "req-1";
  }

  @Override
  public ExecutionMode executionMode() {
    return ExecutionMode.SYNC;
  }

  @Override
  public int attempt() {
    return 1;
  }
}
