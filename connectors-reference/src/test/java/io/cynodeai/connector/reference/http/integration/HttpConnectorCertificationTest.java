package io.cynodeai.connector.reference.http.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.reference.http.HttpConnectorProvider;
import io.cynodeai.connector.reference.http.integration.StubHttpServer.Reply;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.OperationDescriptor;
import io.cynodeai.connector.spi.OperationExample;
import io.cynodeai.connector.testkit.ConnectorCertification;
import io.cynodeai.connector.testkit.TestHost;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Certifies the {@code http} connector with the testkit (§15): descriptor, schema, contract, failure
 * simulation, load, response fuzzing and security checklist checks, against a real HTTP server that answers each documented example with its documented
 * response.
 */
@Tag("REQ-CERT-001")
@Tag("REQ-CERT-002")
@Tag("REQ-CERT-003")
@Tag("REQ-CERT-004")
class HttpConnectorCertificationTest {
  private static final ConnectorType TYPE = new HttpConnectorProvider().type();
  private static StubHttpServer server;

  @BeforeAll
  static void startServer() {
    server = answeringExamples(StubHttpServer.start("/api"), TYPE);
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @TestFactory
  Stream<DynamicTest> certification() {
    return ConnectorCertification.of(new HttpConnectorProvider())
        .config(JsonNodeFactory.instance.objectNode().put("baseUrl", server.baseUrl().toString()))
        .allowLoopbackEgress() // the stand-in server runs on loopback, which the default egress refuses
        .dynamicTests();
  }

  /** The testkit checks that examples succeed; this checks that they answer exactly what they document. */
  @Test
  void everyExampleResponseIsExactlyWhatTheConnectorAnswers() {
    try (StubHttpServer stub = answeringExamples(StubHttpServer.start("/api"), TYPE);
        TestHost h = stub.host().start()) {
      for (OperationDescriptor op : TYPE.operations()) {
        for (OperationExample example : op.examples()) {
          // send is mutating and so needs an idempotency key; a fresh one per call keeps every call a first call.
          Outcome out = op.mutating() ? h.invokeWithNewKey(op.name(), example.request())
              : h.invoke(op.name(), example.request());

          assertThat(out).as("%s: example '%s'", op.name(), example.name()).isInstanceOf(Succeeded.class);
          assertThat(((Succeeded) out).response().data()).as("%s: example '%s'", op.name(), example.name())
              .isEqualTo(example.response());
        }
      }
    }
  }

  /** Scripts {@code stub} to answer every example request of {@code type} with the example's response. */
  private static StubHttpServer answeringExamples(StubHttpServer stub, ConnectorType type) {
    for (OperationDescriptor op : type.operations()) {
      for (OperationExample example : op.examples()) {
        JsonNode response = example.response();
        Map<String, String> headers = new LinkedHashMap<>();
        response.path("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
        JsonNode body = response.path("body");
        byte[] bytes = body.isNull() || body.isMissingNode() ? new byte[0]
            : body.toString().getBytes(StandardCharsets.UTF_8);
        stub.on(example.request().path("path").asText(),
            new Reply(response.path("status").asInt(), headers, bytes, Duration.ZERO));
      }
    }
    return stub;
  }
}
