package io.cynodeai.connector.mcp.bridge.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.core.credentials.CredentialVault;
import io.cynodeai.connector.core.credentials.SecretProvider;
import io.cynodeai.connector.core.credentials.SecretRef;
import io.cynodeai.connector.core.egress.EgressPolicy;
import io.cynodeai.connector.mcp.bridge.McpServerConnector;
import io.cynodeai.connector.mcp.bridge.McpServerConnectors;
import io.cynodeai.connector.mcp.bridge.McpServerSpec;
import io.cynodeai.connector.sandbox.SandboxLimits;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.testkit.TestHost;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A sandboxed MCP server with the egress proxy (REQ-EGRESS-005) reaches the loopback HTTP server its instance's
 * egress rules allow, through the engine's egress guard, and is refused (403, audited) for one they do not; and
 * it receives the instance's declared credential in the call's {@code _meta}, never in its argv or environment,
 * while neither the audit nor the response carries the secret.
 */
@Tag("REQ-EGRESS-005")
class EgressProxyIT {
  private static final String SECRET = "proxy-it-secret-" + Long.toHexString(System.nanoTime());
  private static final String OTHER = "mcp-other";
  private static HttpServer allowed;
  private static HttpServer forbidden;
  private static final AtomicInteger forbiddenHits = new AtomicInteger();
  private static McpServerConnector connector;
  private static TestHost host;

  @BeforeAll
  static void start() throws Exception {
    allowed = server("hello from the allowed server", new AtomicInteger());
    forbidden = server("the forbidden server", forbiddenHits);
    McpServerSpec spec = McpServerSpec.builder("hostile-net", "node").args(NodeServers.hostile().toString())
        .allowTools("fetch", "credential").egressProxy(true).credentialKeys("apiKey")
        .callTimeout(Duration.ofSeconds(15)).build();
    connector = McpServerConnectors.loadSandboxed(spec, SandboxedServerIT.LIMITS, List.of(NodeServers.hostile()));
    host = TestHost.builder(connector.type()).instanceId("mcp-net").caller(BridgeHarness.ALICE)
        .config(JsonResources.parse("{}"))
        .egress(instance -> EgressPolicy.builder().allow("tcp://127.0.0.1:" + ("mcp-net".equals(instance.id())
            ? allowed : forbidden).getAddress().getPort()).allowAddressRange("127.0.0.1/32").build())
        .engine(b -> b.credentials(CredentialVault.of(new OneSecret()), instance -> "mcp-net".equals(instance.id())
            ? Map.of("apiKey", new SecretRef("it", "apiKey")) : Map.of()))
        .start();
    Caller alice = BridgeHarness.ALICE;
    assertThat(host.engine().instances().install(InstanceDefinition.builder(OTHER, connector.type().name())
        .config(JsonResources.parse("{}")).owner(OwnerScope.user(alice.userId())).build(), alice))
        .isInstanceOf(LifecycleOutcome.Applied.class);
    host.engine().instances().enable(OTHER, alice);
  }

  /** The only secret there is: {@code it:apiKey}, mapped to the instance mcp-net only. */
  private static final class OneSecret implements SecretProvider {
    @Override
    public String scheme() {
      return "it";
    }

    @Override
    public Optional<char[]> resolve(String name) {
      return "apiKey".equals(name) ? Optional.of(SECRET.toCharArray()) : Optional.empty();
    }
  }

  @AfterAll
  static void stop() {
    if (host != null) {
      host.close();
    }
    if (connector != null) {
      connector.close();
    }
    for (HttpServer s : new HttpServer[] {allowed, forbidden}) {
      if (s != null) {
        s.stop(0);
      }
    }
  }

  private static HttpServer server(String body, AtomicInteger hits) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/", exchange -> {
      hits.incrementAndGet();
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    server.start();
    return server;
  }

  private static String text(Outcome outcome) {
    assertThat(outcome).isInstanceOf(Succeeded.class);
    return ((Succeeded) outcome).response().data().toString();
  }

  private static Outcome fetch(HttpServer target) {
    return host.invoke("fetch", fetchInput(target));
  }

  private static com.fasterxml.jackson.databind.JsonNode fetchInput(HttpServer target) {
    return JsonResources.parse("{\"host\":\"127.0.0.1\",\"port\":" + target.getAddress().getPort() + "}");
  }

  private static Outcome invokeOther(String operation, com.fasterxml.jackson.databind.JsonNode input) {
    return host.engine().invoke(InvocationRequest.of(OTHER, operation, input, BridgeHarness.ALICE));
  }

  @Test
  void anotherInstanceReachesExactlyItsOwnAllowlistAndGetsNoCredentials() {
    int forbiddenBefore = forbiddenHits.get();
    assertThat(text(invokeOther("fetch", fetchInput(forbidden)))).contains("fetched: 200 the forbidden server");
    assertThat(forbiddenHits.get()).isEqualTo(forbiddenBefore + 1);
    assertThat(text(invokeOther("fetch", fetchInput(allowed)))).contains("refused: 403");
    String said = text(invokeOther("credential", JsonResources.parse("{\"key\":\"apiKey\"}")));
    assertThat(said).contains("\\\"received\\\":false").contains("\\\"keys\\\":[]");
  }

  @Test
  void anAllowlistedDestinationIsReachedThroughTheProxy() {
    assertThat(text(fetch(allowed))).contains("fetched: 200 hello from the allowed server");
  }

  @Test
  void aDestinationOutsideTheAllowlistIsRefusedAndAudited() {
    int before = forbiddenHits.get();
    assertThat(text(fetch(forbidden))).contains("refused: 403");
    assertThat(forbiddenHits.get()).as("the forbidden server saw no request").isEqualTo(before);
    String port = Integer.toString(forbidden.getAddress().getPort());
    List<AuditEvent> denials = host.audit().events(e -> e.type() == AuditEventType.EGRESS
        && port.equals(e.details().get("port")));
    assertThat(denials).isNotEmpty();
    assertThat(denials.get(0).details()).containsEntry("scheme", "tcp").containsEntry("host", "127.0.0.1");
  }

  @Test
  void theDeclaredCredentialArrivesInTheCallsMetaOnly() throws Exception {
    Outcome outcome = host.invoke("credential", JsonResources.parse("{\"key\":\"apiKey\"}"));
    assertThat(outcome).isInstanceOf(Succeeded.class);
    var said = JsonResources.parse(((Succeeded) outcome).response().data().get("text").asText());
    String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(SECRET.getBytes(StandardCharsets.UTF_8)));

    assertThat(said.get("received").asBoolean()).isTrue();
    assertThat(said.get("length").asInt()).isEqualTo(SECRET.length());
    assertThat(said.get("sha256").asText()).isEqualTo(hash);
    assertThat(said.get("keys").toString()).isEqualTo("[\"apiKey\"]");
    assertThat(said.get("env").toString()).as("its environment: the proxy address and bwrap's PWD")
        .isEqualTo("[\"HTTPS_PROXY\",\"HTTP_PROXY\",\"PWD\",\"http_proxy\",\"https_proxy\"]");
    assertThat(said.get("argv").asInt()).as("node and its script, nothing more").isEqualTo(2);
    assertThat(connector.type().credentialKeys()).anySatisfy(k -> assertThat(k.name()).isEqualTo("apiKey"));
    assertThat(host.audit().events()).isNotEmpty()
        .allSatisfy(e -> assertThat(e.toString()).doesNotContain(SECRET));
    assertThat(outcome.toString()).doesNotContain(SECRET);
  }
}
