package io.cynodeai.connector.testkit.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spi.OperationContext;
import io.cynodeai.connector.spi.OperationDescriptor;
import io.cynodeai.connector.spi.OperationHandler;
import io.cynodeai.connector.spi.ProviderException;
import io.cynodeai.connector.spi.RetryPolicy;
import io.cynodeai.connector.testkit.CertificationReport;
import io.cynodeai.connector.testkit.CheckCategory;
import io.cynodeai.connector.testkit.CheckResult;
import io.cynodeai.connector.testkit.ConnectorCertification;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** HTTP connectors against a real local HTTP peer, certified with every connection failing in one simulation. */
@Tag("REQ-CERT-001")
@Tag("REQ-RETRY-002")
class NetworkFailureSimulationTest {
  private static HttpServer peer;
  private static JsonNode config;

  @BeforeAll
  static void startPeer() throws IOException {
    peer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    peer.createContext("/", exchange -> {
      byte[] body = "{\"text\":\"hello\"}".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    peer.start();
    config = JsonResources.parse("{\"url\":\"http://127.0.0.1:" + peer.getAddress().getPort() + "/\"}");
  }

  @AfterAll
  static void stopPeer() {
    peer.stop(0);
  }

  /** One GET of the configured URL through the context's network access. */
  private static HandlerResult get(OperationContext ctx) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(ctx.config().get("url").asText()))
        .timeout(Duration.ofSeconds(2)).build();
    HttpResponse<String> response = ctx.network().httpClient().send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 400) {
      throw ProviderException.status(response.statusCode(), "the peer answered " + response.statusCode());
    }
    return HandlerResult.ofRawJson(response.body()).withProviderStatus(response.statusCode());
  }

  private static ConnectorType web(OperationHandler handler) {
    return ConnectorType.builder("web", "1.0.0")
        .configSchema("1", JsonResources.parse("""
            {"type":"object","required":["url"],"properties":{"url":{"type":"string"}}}"""))
        .operation(OperationDescriptor.builder("fetch")
            .modes(ExecutionMode.SYNC)
            .requestSchema(JsonResources.parse("{\"type\":\"object\"}"))
            .responseSchema(JsonResources.parse("""
                {"type":"object","required":["text"],"properties":{"text":{"type":"string"}}}"""))
            .retry(RetryPolicy.exponential(3))
            .example("root", JsonResources.parse("{}"), JsonResources.parse("{\"text\":\"hello\"}"))
            .handler(handler))
        .build();
  }

  // the peer runs on loopback, which the engine's default egress refuses: every certification opens it
  private static CertificationReport certify(OperationHandler handler) {
    return ConnectorCertification.of(web(handler)).config(config).allowLoopbackEgress().run();
  }

  private static CheckResult networkFailure(CertificationReport report) {
    return report.checks().stream().filter(c -> c.name().equals("fetch: network failure")).findFirst().orElseThrow();
  }

  @TestFactory
  Stream<DynamicTest> wellBehavedHttpConnectorIsCertified() {
    return ConnectorCertification.of(web((ctx, in) -> get(ctx))).config(config).allowLoopbackEgress()
        .dynamicTests();
  }

  @Test
  void aLoopbackPeerIsRefusedByTheDefaultEgressUnlessTheCertificationOpensIt() {
    CertificationReport report = ConnectorCertification.of(web((ctx, in) -> get(ctx))).config(config).run();

    assertThat(report.passed()).isFalse();
    assertThat(report.checks()).filteredOn(c -> !c.passed()).extracting(CheckResult::detail)
        .anySatisfy(detail -> assertThat(detail).contains(
            "egress denied: 127.0.0.1 is a loopback address, and no allowed address range covers it"));
  }

  @Test
  void connectorThatReportsTheFailureIsRetriedByTheEngineOneConnectionPerAttempt() {
    CertificationReport report = certify((ctx, in) -> get(ctx));

    assertThat(report.passed()).isTrue();
    assertThat(networkFailure(report).detail())
        .startsWith("Failed TRANSIENT network_error: network failure (ConnectException) after 4 attempts in ")
        .endsWith(" ms, 4 connections tried");
  }

  @Test
  void connectorThatRetriesOnItsOwnIsCaught() {
    CertificationReport report = certify((ctx, in) -> {
      IOException last = null;
      for (int i = 0; i < 3; i++) {
        try {
          return get(ctx);
        } catch (IOException e) {
          last = e;
        }
      }
      throw last;
    });

    assertThat(report.failures()).filteredOn(c -> c.category() == CheckCategory.FAILURE_SIMULATION)
        .extracting(CheckResult::name).containsExactly("fetch: network failure");
    assertThat(networkFailure(report).detail())
        .startsWith("the connector retried on its own: 12 connections in 4 attempts (retrying is the engine's job)\n"
            + "got Failed TRANSIENT network_error: network failure (ConnectException) after 4 attempts in ")
        .endsWith(" ms, 12 connections tried");
  }

  @Test
  void connectorThatSwallowsTheFailureIsCaught() {
    CertificationReport report = certify((ctx, in) -> {
      try {
        return get(ctx);
      } catch (IOException e) {
        return HandlerResult.of(JsonResources.parse("{\"text\":\"offline\"}"));
      }
    });

    assertThat(report.failures()).filteredOn(c -> c.category() == CheckCategory.FAILURE_SIMULATION)
        .extracting(CheckResult::name).containsExactly("fetch: network failure");
    assertThat(networkFailure(report).detail())
        .startsWith("the connector swallowed the failure: it answered although every connection failed\n"
            + "got Succeeded after 1 attempt in ")
        .endsWith(" ms, 1 connection tried");
  }

  @Test
  void connectorThatReportsANetworkFailureAsPermanentIsCaught() {
    CertificationReport report = certify((ctx, in) -> {
      try {
        return get(ctx);
      } catch (IOException e) {
        throw ProviderException.permanentFailure("fetch_failed", "could not fetch", e);
      }
    });

    assertThat(report.failures()).filteredOn(c -> c.category() == CheckCategory.FAILURE_SIMULATION)
        .extracting(CheckResult::name).containsExactly("fetch: network failure");
    assertThat(networkFailure(report).detail())
        .startsWith("a network failure is transient (§5.1), but the connector reported it as PERMANENT\n"
            + "got Failed PERMANENT fetch_failed: could not fetch after 1 attempt in ")
        .endsWith(" ms, 1 connection tried");
  }
}
