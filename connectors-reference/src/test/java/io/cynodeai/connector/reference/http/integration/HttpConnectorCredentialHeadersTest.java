package io.cynodeai.connector.reference.http.integration;

import static io.cynodeai.connector.reference.http.integration.StubHttpServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.core.egress.EgressPolicy;
import io.cynodeai.connector.reference.http.integration.StubHttpServer.Received;
import io.cynodeai.connector.reference.http.integration.StubHttpServer.Reply;
import io.cynodeai.connector.testkit.TestHost;
import java.net.URI;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Credential headers against a real HTTP server on loopback: the configuration names a header and a credential
 * key, the value is leased per call from the host's credentials (the test host's in-memory secrets) and never
 * stored in the instance; a provider that echoes it back has it scrubbed from the answer.
 */
@Tag("REQ-CRED-005")
class HttpConnectorCredentialHeadersTest {
  private static final String API_KEY = "ak-7d1e93c0b5f24a68";
  private static final String TOKEN = "bt-0c4f6a2e9d13b857";
  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

  /** The instance's base URL only, and its credentials {@code apiKey} and {@code token} if asked for. */
  private static TestHost.Builder host(StubHttpServer server, ObjectNode config, boolean withCredentials) {
    TestHost.Builder host = server.host().config(config).egress(i -> {
      URI base = URI.create(i.config().path("baseUrl").asText());
      return EgressPolicy.builder().allow("http://127.0.0.1:" + base.getPort()).allowAddressRange("127.0.0.1/32")
          .build();
    });
    return withCredentials ? host.secret("apiKey", API_KEY).secret("token", TOKEN) : host;
  }

  private static ObjectNode credentialHeaders(ObjectNode config) {
    config.putObject("credentialHeaders").put("x-api-key", "apiKey");
    return config.put("bearerTokenKey", "token");
  }

  private static ObjectNode missingKey(ObjectNode config) {
    config.putObject("credentialHeaders").put("x-api-key", "missingKey");
    return config;
  }

  @Test
  void eachRequestCarriesTheLeasedCredentialHeadersAndTheInstanceStoresNone() throws Exception {
    try (StubHttpServer server = StubHttpServer.start("/api");
        TestHost h = host(server, credentialHeaders(server.config()), true).start()) {
      server.on("/items/1", Reply.json(200, "{\"id\":1}"));

      Outcome out = h.invoke("get", json("{\"path\":\"/items/1\",\"headers\":{\"x-api-key\":\"callers-own\"}}"));

      assertThat(out).isInstanceOf(Succeeded.class);
      Received request = server.received("/items/1").get(0);
      assertThat(request.headers()).containsEntry("x-api-key", API_KEY)
          .containsEntry("authorization", "Bearer " + TOKEN);
      assertThat(JSON.writeValueAsString(h.instance())).doesNotContain(API_KEY).doesNotContain(TOKEN)
          .contains("\"x-api-key\":\"apiKey\"");
    }
  }

  @Test
  void aProviderThatEchoesTheKeyHasItScrubbedFromTheAnswer() throws Exception {
    try (StubHttpServer server = StubHttpServer.start("/api");
        TestHost h = host(server, credentialHeaders(server.config()), true).start()) {
      server.on("/whoami", Reply.json(200, "{\"you\":\"" + API_KEY + "\",\"Bearer " + TOKEN + "\":true}")
          .header("X-Echo-Key", API_KEY));

      Succeeded out = (Succeeded) h.invoke("get", json("{\"path\":\"/whoami\"}"));

      assertThat(JSON.writeValueAsString(out)).doesNotContain(API_KEY).doesNotContain(TOKEN);
      assertThat(out.response().data().path("body").path("you").asText()).isEqualTo("[REDACTED]");
      assertThat(JSON.writeValueAsString(h.audit().events())).doesNotContain(API_KEY).doesNotContain(TOKEN);
    }
  }

  @Test
  void anInstanceWithoutCredentialsFailsPermanentlyNamingWhatIsMissing() {
    try (StubHttpServer server = StubHttpServer.start("/api");
        TestHost h = host(server, credentialHeaders(server.config()), false).start()) {
      server.on("/items/1", Reply.json(200, "{}"));

      Outcome out = h.invoke("get", json("{\"path\":\"/items/1\"}"));

      assertThat(out).isEqualTo(new Failed(FailureClass.PERMANENT, "credentials_missing",
          "the configuration sends credential headers but the instance has no credentials", false, null, null,
          java.util.List.of()));
      assertThat(server.received("/items/1")).isEmpty();
    }
  }

  @Test
  void aCredentialKeyTheLeaseLacksIsNamedInTheFailure() {
    try (StubHttpServer server = StubHttpServer.start("/api");
        TestHost h = host(server, missingKey(server.config()), true).start()) {
      server.on("/items/1", Reply.json(200, "{}"));

      Failed out = (Failed) h.invoke("get", json("{\"path\":\"/items/1\"}"));

      assertThat(out.code()).isEqualTo("credentials_missing");
      assertThat(out.message()).isEqualTo("the instance has no credential 'missingKey' that the configuration names");
    }
  }
}
