package io.cynodeai.connector.reference.discord.integration;

import static io.cynodeai.connector.reference.discord.integration.DiscordPeer.INSTANCE;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.webhook.CanonicalEvent;
import io.cynodeai.connector.api.webhook.SecretOutcome;
import io.cynodeai.connector.api.webhook.SubscriptionOutcome;
import io.cynodeai.connector.core.webhook.WebhookConfig;
import io.cynodeai.connector.core.webhook.WebhookHttpHandler;
import io.cynodeai.connector.reference.discord.DiscordInteractions;
import io.cynodeai.connector.testkit.TestHost;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Discord interactions end to end: the engine's webhook entry point mounted on a real HTTP server, and a client
 * that signs requests the way Discord does (Ed25519 over timestamp + body, with a key pair generated here; the
 * instance's config holds the public key).
 */
class DiscordInteractionsWebhookTest {
  private final List<CanonicalEvent> received = new CopyOnWriteArrayList<>();
  private final HttpClient client = HttpClient.newHttpClient();
  private DiscordPeer peer;
  private TestHost harness;
  private HttpServer server;
  private PrivateKey signingKey;

  @BeforeEach
  void start() throws Exception {
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    signingKey = pair.getPrivate();
    byte[] encoded = pair.getPublic().getEncoded();
    String publicKey = HexFormat.of().formatHex(Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length));
    peer = DiscordPeer.start();
    harness = peer.host().engine(b -> b.webhooks(WebhookConfig.builder(received::add).build())).start();
    String config = "{\"apiUrl\":\"" + peer.apiUrl() + "\",\"application_public_key\":\"" + publicKey + "\"}";
    assertThat(harness.engine().instances().updateConfig(INSTANCE, DiscordPeer.json(config), harness.caller()))
        .isInstanceOf(LifecycleOutcome.Applied.class);
    assertThat(harness.engine().webhooks().enable(INSTANCE, DiscordInteractions.SUBSCRIPTION, harness.caller()))
        .isInstanceOf(SubscriptionOutcome.Applied.class);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/discord", new WebhookHttpHandler(harness.engine().webhooks()));
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    harness.close();
    peer.close();
  }

  private HttpResponse<String> post(String body, long timestamp, PrivateKey key, boolean tamper) throws Exception {
    Signature signer = Signature.getInstance("Ed25519");
    signer.initSign(key);
    signer.update((timestamp + body).getBytes(StandardCharsets.UTF_8));
    String signature = HexFormat.of().formatHex(signer.sign());
    String sent = tamper ? body.replace("hello", "hellO") : body;
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort()
            + "/discord/" + INSTANCE + "/interactions"))
        .header("Content-Type", "application/json")
        .header("X-Signature-Ed25519", signature)
        .header("X-Signature-Timestamp", Long.toString(timestamp))
        .POST(HttpRequest.BodyPublishers.ofString(sent)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static long now() {
    return System.currentTimeMillis() / 1000;
  }

  private static final String PING = "{\"id\":\"1191046215541243904\",\"application_id\":\"1\",\"type\":1,"
      + "\"token\":\"interaction-token-ping\",\"version\":1}";
  private static final String COMMAND = "{\"id\":\"1191046215541243905\",\"application_id\":\"1\",\"type\":2,"
      + "\"data\":{\"name\":\"hello\"},\"channel_id\":\"42\",\"token\":\"interaction-token-cmd\",\"version\":1}";

  @Test
  @Tag("REQ-INBOUND-003")
  @Tag("REQ-INBOUND-006")
  void signedInteractionsAreAnsweredAndDeliveredInCanonicalForm() throws Exception {
    HttpResponse<String> ping = post(PING, now(), signingKey, false);
    HttpResponse<String> command = post(COMMAND, now(), signingKey, false);

    assertThat(ping.statusCode()).isEqualTo(200);
    assertThat(ping.body()).isEqualTo("{\"type\":1}");
    assertThat(command.statusCode()).isEqualTo(200);
    assertThat(command.body()).isEqualTo("{\"type\":5}");
    assertThat(received).extracting(CanonicalEvent::type).containsExactly("interaction.ping",
        "interaction.application_command");
    CanonicalEvent event = received.get(1);
    assertThat(event.eventId()).isEqualTo("1191046215541243905");
    assertThat(event.connectorType()).isEqualTo("discord");
    assertThat(event.subscription()).isEqualTo("interactions");
    assertThat(event.occurredAt()).hasToString("2023-12-31T15:52:26.353Z");
    assertThat(event.data().get("data").get("name").asText()).isEqualTo("hello");
    assertThat(event.data().get("token").asText()).as("the interaction token is a credential").isEqualTo(
        "[REDACTED]");
  }

  @Test
  @Tag("REQ-IDEM-005")
  @Tag("REQ-INBOUND-005")
  void tamperedForeignStaleAndRepeatedInteractionsAreNotDelivered() throws Exception {
    PrivateKey foreign = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate();
    assertThat(post(COMMAND, now(), signingKey, true).statusCode()).isEqualTo(401);
    assertThat(post(COMMAND, now(), foreign, false).statusCode()).isEqualTo(401);
    assertThat(post(COMMAND, now() - 600, signingKey, false).body()).contains("timestamp_outside_window");
    assertThat(received).isEmpty();

    assertThat(post(COMMAND, now(), signingKey, false).statusCode()).isEqualTo(200);
    assertThat(post(COMMAND, now(), signingKey, false).statusCode()).isEqualTo(200);
    assertThat(received).hasSize(1);
    assertThat(harness.audit().events(e -> e.type() == AuditEventType.WEBHOOK)).extracting(e -> e.errorCode())
        .contains("signature_invalid", "timestamp_outside_window");
  }

  @Test
  void aProviderKeyNeedsNoEngineSecret() {
    SecretOutcome outcome = harness.engine().webhooks().revealSecret(INSTANCE, "interactions", harness.caller());
    assertThat(((SecretOutcome.Refused) outcome).code()).isEqualTo("no_secret");
  }
}
