package io.cynodeai.connector.reference.http.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.core.credentials.CredentialVault;
import io.cynodeai.connector.core.credentials.SecretProviders;
import io.cynodeai.connector.core.credentials.SecretRef;
import io.cynodeai.connector.core.egress.EgressPolicy;
import io.cynodeai.connector.reference.http.HttpConnectorProvider;
import io.cynodeai.connector.reference.http.integration.StubHttpServer.Received;
import io.cynodeai.connector.reference.http.integration.StubHttpServer.Reply;
import java.util.Map;
import java.util.function.Consumer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cynodeai.connector.core.EngineBuilder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Credential headers against a real HTTP server on loopback: the configuration names a header and a credential
 * key, the value is leased per call from the host's credentials (an environment map here) and never stored in
 * the instance; a provider that echoes it back has it scrubbed from the answer.
 */
@Tag("REQ-CRED-005")
class HttpConnectorCredentialHeadersTest {
  private static final String API_KEY = "ak-7d1e93c0b5f24a68";
  private static final String TOKEN = "bt-0c4f6a2e9d13b857";
  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

  private static Consumer<EngineBuilder> engine(boolean withCredentials) {
    Map<String, String> env = Map.of("API_KEY", API_KEY, "TOKEN", TOKEN);
    return engine -> {
      engine.egress(i -> {
        java.net.URI base = java.net.URI.create(i.config().path("baseUrl").asText());
        return EgressPolicy.builder().allow("http://127.0.0.1:" + base.getPort()).allowAddressRange("127.0.0.1/32")
            .build();
      });
      if (withCredentials) {
        engine.credentials(CredentialVault.of(SecretProviders.environment(env::get)), i -> Map.of(
            "apiKey", SecretRef.parse("env:API_KEY"), "token", SecretRef.parse("env:TOKEN")));
      }
    };
  }

  private static Consumer<ObjectNode> credentialHeaders() {
    return config -> {
      config.putObject("credentialHeaders").put("x-api-key", "apiKey");
      config.put("bearerTokenKey", "token");
    };
  }

  @Test
  void eachRequestCarriesTheLeasedCredentialHeadersAndTheInstanceStoresNone() throws Exception {
    try (HttpConnectorHarness h = HttpConnectorHarness.start(new HttpConnectorProvider(), engine(true),
        credentialHeaders())) {
      h.server.on("/items/1", Reply.json(200, "{\"id\":1}"));

      Outcome out = h.invoke("get", "{\"path\":\"/items/1\",\"headers\":{\"x-api-key\":\"callers-own\"}}");

      assertThat(out).isInstanceOf(Succeeded.class);
      Received request = h.server.received("/items/1").get(0);
      assertThat(request.headers()).containsEntry("x-api-key", API_KEY)
          .containsEntry("authorization", "Bearer " + TOKEN);
      assertThat(JSON.writeValueAsString(h.instance())).doesNotContain(API_KEY).doesNotContain(TOKEN)
          .contains("\"x-api-key\":\"apiKey\"");
    }
  }

  @Test
  void aProviderThatEchoesTheKeyHasItScrubbedFromTheAnswer() throws Exception {
    try (HttpConnectorHarness h = HttpConnectorHarness.start(new HttpConnectorProvider(), engine(true),
        credentialHeaders())) {
      h.server.on("/whoami", Reply.json(200, "{\"you\":\"" + API_KEY + "\",\"Bearer " + TOKEN + "\":true}")
          .header("X-Echo-Key", API_KEY));

      Succeeded out = (Succeeded) h.invoke("get", "{\"path\":\"/whoami\"}");

      assertThat(JSON.writeValueAsString(out)).doesNotContain(API_KEY).doesNotContain(TOKEN);
      assertThat(out.response().data().path("body").path("you").asText()).isEqualTo("[REDACTED]");
      assertThat(JSON.writeValueAsString(h.audit.events())).doesNotContain(API_KEY).doesNotContain(TOKEN);
    }
  }

  @Test
  void anInstanceWithoutCredentialsFailsPermanentlyNamingWhatIsMissing() {
    try (HttpConnectorHarness h = HttpConnectorHarness.start(new HttpConnectorProvider(), engine(false),
        credentialHeaders())) {
      h.server.on("/items/1", Reply.json(200, "{}"));

      Outcome out = h.invoke("get", "{\"path\":\"/items/1\"}");

      assertThat(out).isEqualTo(new Failed(FailureClass.PERMANENT, "credentials_missing",
          "the configuration sends credential headers but the instance has no credentials", false, null, null,
          java.util.List.of()));
      assertThat(h.server.received("/items/1")).isEmpty();
    }
  }

  @Test
  void aCredentialKeyTheLeaseLacksIsNamedInTheFailure() {
    try (HttpConnectorHarness h = HttpConnectorHarness.start(new HttpConnectorProvider(), engine(true),
        config -> config.putObject("credentialHeaders").put("x-api-key", "missingKey"))) {
      h.server.on("/items/1", Reply.json(200, "{}"));

      Failed out = (Failed) h.invoke("get", "{\"path\":\"/items/1\"}");

      assertThat(out.code()).isEqualTo("credentials_missing");
      assertThat(out.message()).isEqualTo("the instance has no credential 'missingKey' that the configuration names");
    }
  }
}
