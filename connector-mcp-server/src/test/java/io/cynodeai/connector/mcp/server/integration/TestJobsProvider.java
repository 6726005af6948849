package io.cynodeai.connector.mcp.server.integration;

import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.spi.ConnectorProvider;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.HealthResult;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spi.OperationDescriptor;
import java.time.Duration;

/**
 * A test-only type with async operations, put on the MCP server's class path by the job tool tests: {@code
 * echo} answers with its input, {@code sleep} waits {@code ms} milliseconds (interruptibly); {@code slow} does so synchronously and, writes the
 * file {@code marker.started} when it starts and, when interrupted, the file {@code marker}.
 */
public final class TestJobsProvider implements ConnectorProvider {
  @Override
  public ConnectorType type() {
    return ConnectorType.builder("jobs-test", "1.0.0")
        .configSchema("1", JsonResources.parse("{\"type\":\"object\"}"))
        .operation(OperationDescriptor.builder("echo").modes(ExecutionMode.SYNC, ExecutionMode.ASYNC)
            .requestSchema(JsonResources.parse("{\"type\":\"object\"}"))
            .responseSchema(JsonResources.parse("{\"type\":\"object\"}"))
            .handler((ctx, in) -> HandlerResult.of(in)))
        .operation(OperationDescriptor.builder("sleep").modes(ExecutionMode.ASYNC).maxTimeout(Duration.ofMinutes(5))
            .requestSchema(JsonResources.parse("{\"type\":\"object\",\"properties\":{\"ms\":{\"type\":\"integer\"}}}"))
            .responseSchema(JsonResources.parse("{\"type\":\"object\"}"))
            .handler((ctx, in) -> {
              // a long-running job for as long as the test asks (interruptible, as a real wait on a provider)
              new java.util.concurrent.CountDownLatch(1).await(in.path("ms").asLong(),
                  java.util.concurrent.TimeUnit.MILLISECONDS);
              return HandlerResult.of(JsonResources.parse("{\"slept\":true}"));
            }))
        .operation(OperationDescriptor.builder("slow").modes(ExecutionMode.SYNC).maxTimeout(Duration.ofSeconds(30))
            .requestSchema(JsonResources.parse("{\"type\":\"object\",\"properties\":{\"ms\":{\"type\":\"integer\"},"
                + "\"marker\":{\"type\":\"string\"}}}"))
            .responseSchema(JsonResources.parse("{\"type\":\"object\"}"))
            .handler((ctx, in) -> {
              if (in.hasNonNull("marker")) { // tells the test the call runs now
                java.nio.file.Files.writeString(java.nio.file.Path.of(in.get("marker").asText() + ".started"), "");
              }
              try {
                new java.util.concurrent.CountDownLatch(1).await(in.path("ms").asLong(),
                    java.util.concurrent.TimeUnit.MILLISECONDS); // a slow synchronous call (interruptible)
              } catch (InterruptedException e) {
                if (in.hasNonNull("marker")) { // tells the test the call was stopped, not left running
                  java.nio.file.Files.writeString(java.nio.file.Path.of(in.get("marker").asText()), "interrupted");
                }
                throw e;
              }
              return HandlerResult.of(JsonResources.parse("{\"slept\":true}"));
            }))
        .healthCheck(ctx -> HealthResult.healthy()).build();
  }
}
