package io.cynodeai.connector.reference.http.integration;

import static io.cynodeai.connector.reference.http.integration.StubHttpServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.api.instance.InstanceStatus;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.core.egress.EgressPolicy;
import io.cynodeai.connector.reference.http.integration.StubHttpServer.Received;
import io.cynodeai.connector.reference.http.integration.StubHttpServer.Reply;
import io.cynodeai.connector.testkit.TestHost;
import java.net.URI;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The {@code http} connector unchanged, behind the engine's egress guard: the allowlist is derived from each
 * instance's own base URL, and loopback is allowed explicitly because the stub server runs on 127.0.0.1.
 */
@Tag("REQ-EGRESS-001")
class HttpConnectorEgressTest {

  private static EgressPolicy ownBaseUrlOnly(ConnectorInstance instance) {
    URI base = URI.create(instance.config().path("baseUrl").asText());
    return EgressPolicy.builder().allow(base.getScheme() + "://" + base.getHost() + ":" + base.getPort())
        .allowAddressRange("127.0.0.1/32").build();
  }

  private static TestHost guarded(StubHttpServer server) {
    return server.host().egress(HttpConnectorEgressTest::ownBaseUrlOnly).start();
  }

  @Test
  void getWorksThroughTheGuardWithTheSameWireFormat() {
    try (StubHttpServer server = StubHttpServer.start("/api"); TestHost h = guarded(server)) {
      server.on("/items/42", Reply.json(200, "{\"id\":42}"));

      Outcome out = h.invoke("get", json("""
          {"path":"/items/42","query":{"q":"a b&c=d"}}"""));

      assertThat(((Succeeded) out).response().data().path("body")).isEqualTo(json("{\"id\":42}"));
      Received request = server.received("/items/42").get(0);
      assertThat(request.rawQuery()).isEqualTo("q=a%20b%26c%3Dd");
      assertThat(request.headers()).containsEntry("host", "127.0.0.1:" + server.baseUrl().getPort())
          .containsEntry("accept", "application/json");
    }
  }

  @Test
  void sendPostsTheJsonBodyThroughTheGuard() {
    try (StubHttpServer server = StubHttpServer.start("/api"); TestHost h = guarded(server)) {
      server.on("/items", Reply.json(201, "{\"id\":43}").header("Location", "/items/43"));

      Outcome out = h.invokeWithNewKey("send", json("""
          {"method":"POST","path":"/items","headers":{"idempotency-key":"k-1"},"body":{"name":"widget"}}"""));

      assertThat(((Succeeded) out).response().data()).isEqualTo(json("""
          {"status":201,"headers":{"content-type":"application/json","location":"/items/43"},"body":{"id":43}}"""));
      Received request = server.received("/items").get(0);
      assertThat(request.method()).isEqualTo("POST");
      assertThat(json(request.body())).isEqualTo(json("{\"name\":\"widget\"}"));
      assertThat(request.headers()).containsEntry("idempotency-key", "k-1");
    }
  }

  @Test
  void aBaseUrlOutsideTheAllowlistFailsTheHealthCheckAndNoRequestLeaves() {
    try (StubHttpServer server = StubHttpServer.start("/api");
        TestHost h = server.host().egress(EgressPolicy.builder().allow("https://api.example.com:443").build())
            .tryStart()) {
      assertThat(h.startOutcome()).isInstanceOf(LifecycleOutcome.Applied.class);
      server.on("/items/42", Reply.json(200, "{}"));

      Outcome out = h.invoke("get", json("{\"path\":\"/items/42\"}"));

      assertThat(h.instance().status()).isEqualTo(InstanceStatus.ERROR);
      assertThat(h.instance().lastError().message()).isEqualTo("egress denied: http://127.0.0.1:"
          + server.baseUrl().getPort() + " is not in the instance's egress allowlist");
      assertThat(((Failed) out).failureClass()).isEqualTo(FailureClass.POLICY_DENIED);
      assertThat(h.audit().events(e -> e.type() == AuditEventType.EGRESS)).hasSize(1);
      assertThat(server.received()).isEmpty();
    }
  }
}
