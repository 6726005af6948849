package io.cynodeai.connector.sandbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.spi.NetworkAccess;
import io.cynodeai.connector.spi.OperationContext;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Instant;
import javax.net.SocketFactory;

/**
 * The operation context a sandboxed handler sees: the call's values from the parent's invoke message, credentials
 * and HTTP over the channel, no sockets, and a logger writing to the child's stderr (which the parent captures,
 * caps and never logs). Immutable apart from the credentials.
 */
record ChildContext(JsonNode invoke, ChildCredentials credentials, ChildChannel channel, System.Logger logger)
    implements OperationContext {

  @Override
  public String instanceId() {
    return invoke.path("instanceId").asText();
  }

  @Override
  public JsonNode config() {
    return invoke.path("config");
  }

  @Override
  public Clock clock() {
    return Clock.systemUTC();
  }

  @Override
  public Instant deadline() {
    return Instant.ofEpochMilli(invoke.path("deadlineMillis").asLong());
  }

  @Override
  public NetworkAccess network() {
    HttpClient http = new ForwardingHttpClient(channel);
    SocketFactory sockets = new RefusingSocketFactory();
    return new NetworkAccess() {
      @Override
      public HttpClient httpClient() {
        return http;
      }

      @Override
      public SocketFactory socketFactory() {
        return sockets;
      }
    };
  }

  @Override
  public String requestId() {
    return invoke.path("requestId").asText();
  }

  @Override
  public String correlationId() {
    return invoke.path("correlationId").asText();
  }

  @Override
  public String operation() {
    return invoke.path("operation").asText();
  }

  @Override
  public ExecutionMode executionMode() {
    return ExecutionMode.valueOf(invoke.path("executionMode").asText("SYNC"));
  }

  @Override
  public int attempt() {
    return invoke.path("attempt").asInt(1);
  }
}
