package io.cynodeai.connector.benchmarks.sandbox;

import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.spi.ConnectorProvider;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spi.OperationDescriptor;

/** The connector the sandbox benchmark runs in process and in a sandboxed worker: one echo operation. */
public final class EchoProvider implements ConnectorProvider {
  @Override
  public ConnectorType type() {
    return ConnectorType.builder("bench-echo", "1.0.0")
        .configSchema("1", JsonResources.parse("{\"type\":\"object\"}"))
        .operation(OperationDescriptor.builder("echo").modes(ExecutionMode.SYNC)
            .requestSchema(JsonResources.parse("{\"type\":\"object\",\"properties\":{\"message\":"
                + "{\"type\":\"string\"}},\"required\":[\"message\"]}"))
            .responseSchema(JsonResources.parse("{\"type\":\"object\"}"))
            .handler((ctx, input) -> HandlerResult.of(input)))
        .build();
  }
}
