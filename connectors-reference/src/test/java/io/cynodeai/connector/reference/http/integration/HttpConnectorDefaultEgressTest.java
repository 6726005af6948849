package io.cynodeai.connector.reference.http.integration;

import static io.cynodeai.connector.reference.http.integration.StubHttpServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.api.instance.InstanceStatus;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.core.egress.EgressPolicy;
import io.cynodeai.connector.core.egress.HostResolver;
import io.cynodeai.connector.reference.http.integration.StubHttpServer.Reply;
import io.cynodeai.connector.testkit.TestHost;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The {@code http} connector on an engine built with no egress settings: the guard is on by default, so the
 * loopback stub server, the cloud metadata endpoint, a private address and IPv6 loopback are all refused with
 * {@code egress_denied}, before any connection. The non-loopback destinations are names that a stub resolver
 * maps to those addresses: the guard decides on the resolved address, and nothing is ever sent there.
 */
@Tag("REQ-EGRESS-001")
@Tag("REQ-EGRESS-002")
class HttpConnectorDefaultEgressTest {
  private static final Map<String, String> STUB_DNS = Map.of(
      "metadata.test", "169.254.169.254",
      "intranet.test", "10.0.0.1");

  private static final HostResolver RESOLVER = host -> {
    String literal = STUB_DNS.get(host);
    if (literal == null) {
      throw new UnknownHostException(host);
    }
    return List.of(InetAddress.getByName(literal)); // a literal: no lookup
  };

  /** The connector on an engine with no egress settings, its base URL {@code baseUrl} or else the server's. */
  private static TestHost defaultEngine(StubHttpServer server, String baseUrl) {
    TestHost h = server.host().config(baseUrl == null ? server.config() : server.config().put("baseUrl", baseUrl))
        .engineDefaultEgress().engine(engine -> engine.hostResolver(RESOLVER)).tryStart();
    assertThat(h.startOutcome()).isInstanceOf(LifecycleOutcome.Applied.class);
    return h;
  }

  /** The health check is refused, so the instance is in error and calls are refused before the handler. */
  private static void assertRefused(TestHost h, String message) {
    assertThat(h.instance().status()).isEqualTo(InstanceStatus.ERROR);
    assertThat(h.instance().lastError().code()).isEqualTo("health_check_failed");
    assertThat(h.instance().lastError().message()).isEqualTo("egress denied: " + message);
    List<AuditEvent> egress = h.audit().events(e -> e.type() == AuditEventType.EGRESS);
    assertThat(egress).hasSize(1).allSatisfy(e -> assertThat(e.errorCode()).isEqualTo("address_forbidden"));

    Outcome out = h.invoke("get", json("{\"path\":\"/items/42\"}"));

    assertThat(out).isInstanceOf(Failed.class);
    assertThat(((Failed) out).failureClass()).isEqualTo(FailureClass.POLICY_DENIED);
    assertThat(((Failed) out).code()).isEqualTo("instance_not_active");
  }

  @Test
  void aDefaultEngineRefusesTheLoopbackServerAndNoRequestLeaves() {
    try (StubHttpServer server = StubHttpServer.start("/api"); TestHost h = defaultEngine(server, null)) {
      server.on("/items/42", Reply.json(200, "{\"id\":42}"));

      assertRefused(h, "127.0.0.1 is a loopback address, and no allowed address range covers it");
      assertThat(server.received()).isEmpty();
    }
  }

  @Test
  void aDefaultEngineRefusesTheCloudMetadataEndpoint() {
    try (StubHttpServer server = StubHttpServer.start("/api");
        TestHost h = defaultEngine(server, "http://metadata.test/latest/meta-data/")) {
      assertRefused(h, "metadata.test resolves to 169.254.169.254, which is a cloud metadata address, and no"
          + " allowed address range covers it");
    }
  }

  @Test
  void aDefaultEngineRefusesAPrivateAddress() {
    try (StubHttpServer server = StubHttpServer.start("/api");
        TestHost h = defaultEngine(server, "http://intranet.test/api")) {
      assertRefused(h, "intranet.test resolves to 10.0.0.1, which is a private address, and no allowed address"
          + " range covers it");
    }
  }

  @Test
  void aDefaultEngineRefusesIpv6Loopback() {
    try (StubHttpServer server = StubHttpServer.start("/api");
        TestHost h = defaultEngine(server, "http://[::1]:" + 9 + "/api")) {
      assertRefused(h, "[0:0:0:0:0:0:0:1] is a loopback address, and no allowed address range covers it");
    }
  }

  @Test
  void openingEgressToLoopbackExplicitlyReachesTheServer() {
    try (StubHttpServer server = StubHttpServer.start("/api");
        TestHost h = server.host().egress(EgressPolicy.loopbackOnly()).start()) {
      server.on("/items/42", Reply.json(200, "{\"id\":42}"));

      Outcome out = h.invoke("get", json("{\"path\":\"/items/42\"}"));

      assertThat(((Succeeded) out).response().data().path("body").path("id").asInt()).isEqualTo(42);
      assertThat(server.received("/items/42")).hasSize(1);
    }
  }
}
