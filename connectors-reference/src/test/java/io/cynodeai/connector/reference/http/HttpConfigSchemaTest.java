package io.cynodeai.connector.reference.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.Violation;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.spi.JsonResources;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code http} config schema, as the engine applies it when an instance is installed. */
@Tag("REQ-SCHEMA-001")
class HttpConfigSchemaTest {
  private static final Caller ALICE = Caller.user("alice", null);
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ConnectorEngine engine = ConnectorEngines.builder().register(new HttpConnectorProvider())
      .policy(PolicyEngine.allowAll()).build();

  @AfterEach
  void close() {
    engine.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"baseUrl\":\"https://api.example.com\"}",
      "{\"baseUrl\":\"https://api.example.com/v1/\"}",
      "{\"baseUrl\":\"http://127.0.0.1:8080/api\"}",
      "{\"baseUrl\":\"https://api.example.com\",\"timeoutMs\":2500,"
          + "\"defaultHeaders\":{\"accept\":\"application/vnd.api+json\",\"x-api-version\":\"2024-01-01\"}}"})
  void validConfigIsInstalled(String config) {
    assertThat(install(config)).isInstanceOf(LifecycleOutcome.Applied.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://files.example.com", "file:///etc/passwd", "https://user:pw@api.example.com",
      "https://api.example.com/v1?key=secret", "https://api.example.com/#x", "api.example.com", "https://",
      "HTTPS://api.example.com", "https://api.example.com/v1\n"})
  void baseUrlMustBeAPlainHttpOrHttpsUrl(String baseUrl) {
    ObjectNode config = JsonNodeFactory.instance.objectNode().put("baseUrl", baseUrl);

    assertRefusedAt(install(config.toString()), "/baseUrl");
  }

  @ParameterizedTest
  @ValueSource(strings = {"authorization", "cookie", "proxy-authorization", "host"})
  void defaultHeadersRefuseCredentialAndConnectionHeaders(String name) {
    assertRefusedAt(install("{\"baseUrl\":\"https://api.example.com\",\"defaultHeaders\":{\"" + name
        + "\":\"x\"}}"), "/defaultHeaders/" + name);
  }

  @Test
  void aBaseUrlWithAPasswordIsRefusedWithAMessageThatNamesTheProblemWithoutThePassword() throws Exception {
    LifecycleOutcome outcome = install("{\"baseUrl\":\"https://svc:Hunter2-Pw@api.example.com/v1\"}");

    assertRefusedAt(outcome, "/baseUrl");
    Failed failure = ((LifecycleOutcome.Refused) outcome).failure();
    assertThat(failure.message()).contains("/baseUrl: is a URL with a password in its user info");
    assertThat(JSON.writeValueAsString(failure)).doesNotContain("Hunter2-Pw").doesNotContain("svc:");
  }

  @Test
  void aConfigRefusalQuotesNoValueOnlyWhatTheSchemaRequires() throws Exception {
    LifecycleOutcome outcome = install("{\"baseUrl\":\"https://api.example.com/v1?key=Leaked-Key-77\","
        + "\"defaultHeaders\":{\"x-api-version\":\"tok-Leaked-99\\u0001\"}}");

    assertRefusedAt(outcome, "/baseUrl");
    assertRefusedAt(outcome, "/defaultHeaders/x-api-version");
    Failed failure = ((LifecycleOutcome.Refused) outcome).failure();
    assertThat(JSON.writeValueAsString(failure)).doesNotContain("Leaked-Key-77").doesNotContain("tok-Leaked-99");
    assertThat(failure.violations()).filteredOn(v -> v.pointer().equals("/baseUrl")).extracting(Violation::message)
        .contains("violates 'pattern': The API's base URL, http or https, without user info, query or fragment."
            + " Operation paths are appended to it and can never leave it.");
  }

  @ParameterizedTest
  @ValueSource(strings = {"authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key",
      "x-goog-api-key", "x-auth-token", "private-token", "x-client-secret", "db-password", "x-authentication",
      "oauth-state"})
  void defaultHeadersThatCarryCredentialsAreRefusedWithAPointerToCredentialHeaders(String name) throws Exception {
    LifecycleOutcome outcome = install("{\"baseUrl\":\"https://api.example.com\",\"defaultHeaders\":{\""
        + name + "\":\"Plain-Secret-5150\"}}");

    assertRefusedAt(outcome, "/defaultHeaders/" + name);
    Failed failure = ((LifecycleOutcome.Refused) outcome).failure();
    assertThat(failure.violations()).filteredOn(v -> v.pointer().equals("/defaultHeaders/" + name))
        .extracting(Violation::message).allMatch(m -> m.contains("credentialHeaders"));
    assertThat(JSON.writeValueAsString(failure)).doesNotContain("Plain-Secret-5150");
  }

  @Test
  void credentialHeadersAndABearerCredentialNameCredentialKeysAndAreInstalled() {
    assertThat(install("{\"baseUrl\":\"https://api.example.com\",\"credentialHeaders\":{\"x-api-key\":"
        + "\"apiKey\",\"authorization\":\"basicAuth\"},\"bearerTokenKey\":\"token\"}"))
        .isInstanceOf(LifecycleOutcome.Applied.class);
    assertRefusedAt(install("{\"baseUrl\":\"https://api.example.com\",\"credentialHeaders\":{\"host\":"
        + "\"apiKey\"}}"), "/credentialHeaders/host");
    assertRefusedAt(install("{\"baseUrl\":\"https://api.example.com\",\"credentialHeaders\":{\"x-api-key\":"
        + "\"not a key\"}}"), "/credentialHeaders/x-api-key");
  }

  @Test
  void unknownPropertiesAndNonPositiveTimeoutsAreRefused() {
    assertRefusedAt(install("{\"baseUrl\":\"https://api.example.com\",\"token\":\"x\"}"), "");
    assertRefusedAt(install("{\"baseUrl\":\"https://api.example.com\",\"timeoutMs\":0}"), "/timeoutMs");
  }

  private int installed;

  private LifecycleOutcome install(String config) {
    return engine.instances().install(InstanceDefinition.builder("api-" + installed++, "http").config(JsonResources.parse(config))
        .owner(OwnerScope.user("alice")).build(), ALICE);
  }

  private static void assertRefusedAt(LifecycleOutcome outcome, String pointer) {
    assertThat(outcome).isInstanceOf(LifecycleOutcome.Refused.class);
    LifecycleOutcome.Refused rejected = (LifecycleOutcome.Refused) outcome;
    assertThat(rejected.failure().failureClass()).isEqualTo(FailureClass.VALIDATION_ERROR);
    assertThat(rejected.failure().violations()).extracting(Violation::pointer).contains(pointer);
  }
}
