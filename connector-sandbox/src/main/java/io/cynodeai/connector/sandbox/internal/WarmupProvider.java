package io.cynodeai.connector.sandbox.internal;

import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.spi.ConnectorProvider;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spi.OperationDescriptor;
import java.time.Duration;

/**
 * A trusted connector of the sandbox runtime itself, run only by {@link ClassDataArchive}'s dumping run: its
 * {@code describe} and one {@code echo} call load the runtime's, the SPI's and Jackson's classes as a real call
 * does, so they land in the class-data archive; no untrusted code runs in that JVM.
 */
public final class WarmupProvider implements ConnectorProvider {
  @Override
  public ConnectorType type() {
    return ConnectorType.builder("sandbox-warmup", "1.0.0").description("the sandbox runtime's warm-up")
        .configSchema("1", JsonResources.parse("{\"type\":\"object\"}"))
        .operation(OperationDescriptor.builder("echo").modes(ExecutionMode.SYNC)
            .requestSchema(JsonResources.parse("{\"type\":\"object\"}"))
            .responseSchema(JsonResources.parse("{\"type\":\"object\"}")).maxTimeout(Duration.ofSeconds(20))
            .handler((ctx, input) -> HandlerResult.of(input).withWarning("w")))
        .build();
  }
}
