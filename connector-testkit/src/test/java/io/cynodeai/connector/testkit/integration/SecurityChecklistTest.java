package io.cynodeai.connector.testkit.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.core.credentials.CredentialVault;
import io.cynodeai.connector.core.credentials.EncryptedSecretStore;
import io.cynodeai.connector.core.credentials.LocalKeyManagementService;
import io.cynodeai.connector.core.credentials.SecretRef;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spi.OperationDescriptor;
import io.cynodeai.connector.spi.OperationHandler;
import io.cynodeai.connector.testkit.CertificationReport;
import io.cynodeai.connector.testkit.CheckCategory;
import io.cynodeai.connector.testkit.CheckResult;
import io.cynodeai.connector.testkit.ConnectorCertification;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The security checklist's runtime items against a real local HTTP peer: a connector that goes through its
 * context and keeps its token to itself passes; one that logs its token, or opens its own HTTP client, fails
 * the item that catches it.
 */
@Tag("REQ-CERT-004")
class SecurityChecklistTest {
  private static final String TOKEN = "tok-3f9a71c2-certification-canary";
  private static HttpServer peer;
  private static JsonNode config;

  @BeforeAll
  static void startPeer() throws IOException {
    peer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    peer.createContext("/", exchange -> {
      byte[] body = "{\"text\":\"hello\"}".getBytes(StandardCharsets.UTF_8);
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

  @Test
  void aConnectorUsingItsContextAndKeepingItsTokenPassesTheRuntimeItems() throws Exception {
    CertificationReport report = certify((ctx, in) -> fetch(ctx.network().httpClient(), ctx.config(),
        new String(ctx.credentials().lease().orElseThrow().secret("token"))));

    assertThat(item(report, "leased secrets appear in no outcome, audit event or log").detail())
        .startsWith("1 secret(s) searched in ").endsWith("not found");
    CheckResult network = item(report, "connects only through its context's network access");
    assertThat(network.passed()).isTrue();
    assertThat(network.detail()).isEqualTo("fetch egress_denied; 1 refused connection(s) audited");
    assertThat(report.toText()).contains(CertificationReport.CHECKLIST_HEADING + "\nPASS  security ");
  }

  @Test
  void aConnectorThatLogsItsTokenFailsTheSecretScan() throws Exception {
    CertificationReport report = certify((ctx, in) -> {
      String token = new String(ctx.credentials().lease().orElseThrow().secret("token"));
      ctx.logger().log(System.Logger.Level.INFO, "calling with bearer " + token);
      return fetch(ctx.network().httpClient(), ctx.config(), token);
    });

    CheckResult secrets = item(report, "leased secrets appear in no outcome, audit event or log");
    assertThat(secrets.passed()).isFalse();
    assertThat(secrets.detail()).startsWith("leased secret #1 appears after: …").contains("calling with bearer");
  }

  @Test
  void aConnectorWithItsOwnHttpClientFailsTheNetworkItem() throws Exception {
    HttpClient own = HttpClient.newHttpClient();
    CertificationReport report = certify((ctx, in) -> fetch(own, ctx.config(), "unused"));

    CheckResult network = item(report, "connects only through its context's network access");
    assertThat(network.passed()).isFalse();
    assertThat(network.detail()).startsWith("fetch succeeded with every egress denied: it connects around its "
        + "context's network access");
  }

  private static CertificationReport certify(OperationHandler handler) throws Exception {
    EncryptedSecretStore store = new EncryptedSecretStore(new LocalKeyManagementService("cert"));
    store.put("token", TOKEN.toCharArray());
    return ConnectorCertification.of(web(handler)).config(config)
        .credentials(CredentialVault.of(store), Map.of("token", SecretRef.parse("store:token"))).run();
  }

  private static CheckResult item(CertificationReport report, String name) {
    return report.checks().stream().filter(c -> c.category() == CheckCategory.SECURITY && c.name().equals(name))
        .findFirst().orElseThrow();
  }

  private static HandlerResult fetch(HttpClient client, JsonNode config, String token)
      throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(config.get("url").asText()))
        .header("Authorization", "Bearer " + token).build();
    return HandlerResult.ofRawJson(client.send(request, HttpResponse.BodyHandlers.ofString()).body());
  }

  private static ConnectorType web(OperationHandler handler) {
    return ConnectorType.builder("web", "1.0.0")
        .configSchema("1", JsonResources.parse("""
            {"type":"object","required":["url"],"properties":{"url":{"type":"string"}}}"""))
        .operation(OperationDescriptor.builder("fetch")
            .modes(ExecutionMode.SYNC)
            .requestSchema(JsonResources.parse("{\"type\":\"object\"}"))
            .responseSchema(JsonResources.parse("{\"type\":\"object\"}"))
            .example("hello", JsonResources.parse("{}"), JsonResources.parse("{\"text\":\"hello\"}"))
            .handler(handler))
        .build();
  }
}
