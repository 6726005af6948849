package io.cynodeai.connector.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.cynodeai.connector.api.webhook.WebhookService;
import io.cynodeai.connector.core.webhook.WebhookHttpHandler;
import io.cynodeai.connector.spi.ConnectorContext;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spi.RedactionRule;
import io.cynodeai.connector.spi.webhook.InboundEvent;
import io.cynodeai.connector.spi.webhook.ParsedDelivery;
import io.cynodeai.connector.spi.webhook.SignatureScheme;
import io.cynodeai.connector.spi.webhook.WebhookRequest;
import io.cynodeai.connector.spi.webhook.WebhookSource;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A test connector type receiving Slack-style signed webhooks (HMAC-SHA256 of {@code v0:<ts>:<body>} in {@code
 * X-Sig: sha256=<hex>}, timestamp in {@code X-Ts}), a provider client that signs like the provider, and a real
 * HTTP server (the JDK's) mounting the engine's webhook entry point.
 */
final class HmacHooks {
  static final SignatureScheme SCHEME = SignatureScheme.hmacSha256("X-Sig", "sha256=", "X-Ts", "v0:", ":");
  /** How often the connector's parse ran: a rejected delivery must never reach it. */
  static final AtomicInteger PARSED = new AtomicInteger();

  private HmacHooks() {}

  static final class Source implements WebhookSource {
    @Override
    public List<String> subscriptions() {
      return List.of("events", "other");
    }

    @Override
    public SignatureScheme signature() {
      return SCHEME;
    }

    @Override
    public ParsedDelivery parse(ConnectorContext context, String subscription, WebhookRequest request) {
      PARSED.incrementAndGet();
      JsonNode body = JsonResources.parse(new String(request.body(), StandardCharsets.UTF_8));
      return new ParsedDelivery(List.of(new InboundEvent(body.get("id").asText(), body.path("type").asText("ping"),
          body.has("at") ? Instant.ofEpochSecond(body.get("at").asLong()) : null, body.path("data"))),
          JsonResources.parse("{\"ok\":true}"));
    }

    @Override
    public List<RedactionRule> redactions() {
      return List.of(RedactionRule.of("/token"));
    }

    @Override
    public int maxBodyBytes() {
      return 4096;
    }
  }

  static ConnectorType type() {
    return TestTypes.type("hooks", TestTypes.echo((ctx, in) -> HandlerResult.of(in))).webhooks(new Source()).build();
  }

  static String sign(char[] secret, long timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(new String(secret).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A JDK HTTP server on 127.0.0.1 serving {@code POST /webhooks/{instance}/{subscription}}. */
  static final class Host implements AutoCloseable {
    final HttpServer server;
    final HttpClient client = HttpClient.newHttpClient();

    Host(WebhookService service) throws IOException {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/webhooks", new WebhookHttpHandler(service));
      server.start();
    }

    URI uri(String instance, String subscription) {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/" + instance + "/"
          + subscription);
    }

    /** Posts {@code body} with the given headers (name, value, name, value, ...). */
    HttpResponse<String> post(String instance, String subscription, byte[] body, String... headers)
        throws IOException, InterruptedException {
      HttpRequest.Builder request = HttpRequest.newBuilder(uri(instance, subscription))
          .POST(HttpRequest.BodyPublishers.ofByteArray(body));
      for (int i = 0; i < headers.length; i += 2) {
        request.header(headers[i], headers[i + 1]);
      }
      return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Posts {@code body} signed with {@code secret} at {@code timestamp}, as the provider does. */
    HttpResponse<String> signed(String instance, String subscription, char[] secret, long timestamp, String body)
        throws IOException, InterruptedException {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      return post(instance, subscription, bytes, "X-Ts", Long.toString(timestamp), "X-Sig",
          sign(secret, timestamp, bytes));
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
