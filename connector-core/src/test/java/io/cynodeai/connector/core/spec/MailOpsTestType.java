package io.cynodeai.connector.core.spec;

import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.HealthResult;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spi.OperationDescriptor;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A test-only connector type {@code mail} with reading operations ({@code readInbox}, {@code listFolders}),
 * mutating ones ({@code send}, {@code archive}) and {@code slowRead}, which signals {@link #entered} and then
 * blocks until {@link #release} is opened, so a test can hold calls in flight.
 */
public final class MailOpsTestType {
  public final Semaphore entered = new Semaphore(0);
  public final CountDownLatch release = new CountDownLatch(1);

  public ConnectorType type() {
    return ConnectorType.builder("mail", "1.0.0").configSchema("1", JsonResources.parse("{\"type\":\"object\"}"))
        .operation(op("readInbox", false)).operation(op("listFolders", false))
        .operation(op("send", true)).operation(op("archive", true))
        .operation(OperationDescriptor.builder("slowRead").modes(ExecutionMode.SYNC)
            .requestSchema(JsonResources.parse("{\"type\":\"object\"}"))
            .responseSchema(JsonResources.parse("{\"type\":\"object\"}"))
            .handler((ctx, in) -> {
              entered.release();
              if (!release.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
              }
              return HandlerResult.of(JsonResources.parse("{\"done\":true}"));
            }))
        .healthCheck(ctx -> HealthResult.healthy()).build();
  }

  private static OperationDescriptor.Builder op(String name, boolean mutating) {
    return OperationDescriptor.builder(name).modes(ExecutionMode.SYNC, ExecutionMode.ASYNC).mutating(mutating)
        .supportsIdempotency(mutating)
        .requestSchema(JsonResources.parse("{\"type\":\"object\"}"))
        .responseSchema(JsonResources.parse("{\"type\":\"object\"}"))
        .handler((ctx, in) -> HandlerResult.of(JsonResources.parse("{\"op\":\"" + name + "\"}")));
  }

  /** A spec for instance {@code name} of this type; {@code body} is YAML indented under {@code spec:}. */
  public static String spec(String name, String body) {
    return """
        apiVersion: cynodeai.io/v1alpha1
        kind: Connector
        metadata:
          name: %s
          owner: {type: group, id: g1}
          projectId: p1
        spec:
          type: mail
          typeVersion: "1"
          enabled: true
          config: {}
        %s""".formatted(name, body.indent(2));
  }
}
