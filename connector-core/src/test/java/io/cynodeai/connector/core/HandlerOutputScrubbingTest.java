package io.cynodeai.connector.core;

import static io.cynodeai.connector.core.EngineHarness.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.job.Job;
import io.cynodeai.connector.api.job.JobService;
import io.cynodeai.connector.api.job.JobState;
import io.cynodeai.connector.core.audit.Slf4jJsonAuditSink;
import io.cynodeai.connector.core.credentials.CredentialVault;
import io.cynodeai.connector.core.credentials.SecretProviders;
import io.cynodeai.connector.core.credentials.SecretRef;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.ProviderException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What a handler returns is scrubbed whole before it becomes an envelope, a failure, a job record or an audit
 * event: values, object keys, warnings and error messages, and the forms providers echo a credential in (its
 * percent-encoding, the Base64 of {@code user:secret}). Secrets come from an environment map, never a store.
 */
@Tag("REQ-CRED-005")
class HandlerOutputScrubbingTest {
  private static final String USER = "svc-reporter";
  private static final String PASSWORD = "pa ss/w0rd+é&=x";
  private static final String TOKEN = "tok-3b9d71c2e4f6a8";
  private static final String MARKER = "[REDACTED]";
  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());
  private static final Map<String, String> ENV = Map.of("APP_USER", USER, "APP_PASSWORD", PASSWORD,
      "APP_TOKEN", TOKEN);

  private static ConnectorType type() {
    return TestTypes.type("leaky", TestTypes.echo((ctx, input) -> {
      var lease = ctx.credentials().lease().orElseThrow();
      String token = new String(lease.secret("token")); // careless on purpose
      String password = new String(lease.secret("password"));
      String basic = Base64.getEncoder().encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8));
      String query = URLEncoder.encode(password, StandardCharsets.UTF_8);
      return switch (input.path("text").asText()) {
        case "warning" -> HandlerResult.of(EngineHarness.json("{\"text\":\"ok\"}"))
            .withWarning("used token " + token);
        case "key" -> HandlerResult.of(EngineHarness.json("{\"text\":\"ok\",\"Bearer " + token + "\":1}"));
        case "colliding-keys" -> HandlerResult.of(EngineHarness.json(
            "{\"text\":\"ok\",\"Bearer [REDACTED]\":1,\"Bearer " + token + "\":2}"));
        case "basic" -> HandlerResult.of(EngineHarness.json("{\"text\":\"Authorization: Basic " + basic + "\"}"));
        case "basic-url-safe" -> HandlerResult.of(EngineHarness.json("{\"text\":\"auth="
            + Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("someone-else:" + password).getBytes(StandardCharsets.UTF_8)) + "\"}"));
        case "url-encoded" -> HandlerResult.of(EngineHarness.json("{\"text\":\"https://h/?p=" + query + "\"}"))
            .withWarning("retried with p=" + query.toLowerCase(java.util.Locale.ROOT));
        case "raw-escaped" -> HandlerResult.ofRawJson("{\"text\":\"" + escapeAll(token) + "\"}");
        case "failure-encoded" -> throw ProviderException.permanentFailure("bad_request",
            "rejected Authorization: Basic " + basic + " for ?p=" + query, null);
        default -> HandlerResult.of(EngineHarness.json("{\"text\":\"ok\"}")).withWarning("a harmless warning");
      };
    }).modes(ExecutionMode.SYNC, ExecutionMode.ASYNC).maxTimeout(Duration.ofSeconds(2))).build();
  }

  private static EngineHarness engine() {
    CredentialVault vault = CredentialVault.of(SecretProviders.environment(ENV::get));
    return new EngineHarness(type(), b -> b
        .credentials(vault, i -> Map.of("user", SecretRef.parse("env:APP_USER"),
            "password", SecretRef.parse("env:APP_PASSWORD"), "token", SecretRef.parse("env:APP_TOKEN")))
        .jobs(j -> j.withPollInterval(Duration.ofMillis(5))));
  }

  @Test
  void aWarningQuotingTheTokenIsScrubbedWhenTheDataNeedsNoScrubbing() throws Exception {
    try (EngineHarness h = engine()) {
      Succeeded ok = (Succeeded) h.invoke("echo", "{\"text\":\"warning\"}");

      assertThat(ok.response().data()).isEqualTo(EngineHarness.json("{\"text\":\"ok\"}"));
      assertThat(ok.response().warnings()).containsExactly("used token " + MARKER,
          "a credential of the instance was removed from the response");
      assertLeaksNothing(h, ok);
    }
  }

  @Test
  void anObjectKeyQuotingTheTokenIsScrubbed() throws Exception {
    try (EngineHarness h = engine()) {
      Succeeded ok = (Succeeded) h.invoke("echo", "{\"text\":\"key\"}");

      assertThat(ok.response().data()).isEqualTo(EngineHarness.json("{\"text\":\"ok\",\"Bearer " + MARKER
          + "\":1}"));
      assertLeaksNothing(h, ok);
    }
  }

  @Test
  void keysThatCollideAfterScrubbingAreBothKeptTheLaterWithASuffix() throws Exception {
    try (EngineHarness h = engine()) {
      Succeeded ok = (Succeeded) h.invoke("echo", "{\"text\":\"colliding-keys\"}");

      JsonNode data = ok.response().data();
      assertThat(JSON.writeValueAsString(data)).isEqualTo(
          "{\"text\":\"ok\",\"Bearer [REDACTED]\":1,\"Bearer [REDACTED]#2\":2}");
      assertLeaksNothing(h, ok);
    }
  }

  @Test
  void theBase64OfUserColonSecretIsScrubbed() throws Exception {
    try (EngineHarness h = engine()) {
      Succeeded ok = (Succeeded) h.invoke("echo", "{\"text\":\"basic\"}");

      assertThat(ok.response().data().path("text").asText()).isEqualTo("Authorization: Basic " + MARKER);
      assertLeaksNothing(h, ok);
    }
  }

  @Test
  void theUrlSafeUnpaddedBase64OfAnyUserWithTheSecretIsScrubbed() throws Exception {
    try (EngineHarness h = engine()) {
      Succeeded ok = (Succeeded) h.invoke("echo", "{\"text\":\"basic-url-safe\"}");

      String b64 = Base64.getUrlEncoder().withoutPadding().encodeToString(
          ("someone-else:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
      assertThat(ok.response().data().path("text").asText()).contains(MARKER).doesNotContain(b64);
      assertLeaksNothing(h, ok);
    }
  }

  @Test
  void theUrlEncodedSecretIsScrubbedInDataAndWarningsWhateverTheHexCase() throws Exception {
    try (EngineHarness h = engine()) {
      Succeeded ok = (Succeeded) h.invoke("echo", "{\"text\":\"url-encoded\"}");

      assertThat(ok.response().data().path("text").asText()).isEqualTo("https://h/?p=" + MARKER);
      assertThat(ok.response().warnings()).containsExactly("retried with p=" + MARKER,
          "a credential of the instance was removed from the response");
      assertLeaksNothing(h, ok);
    }
  }

  @Test
  void aRawJsonAnswerWritingTheTokenWithEscapesIsScrubbed() throws Exception {
    try (EngineHarness h = engine()) {
      Succeeded ok = (Succeeded) h.invoke("echo", "{\"text\":\"raw-escaped\"}");

      assertThat(ok.response().data().path("text").asText()).isEqualTo(MARKER);
      assertLeaksNothing(h, ok);
    }
  }

  @Test
  void aFailureQuotingTheEncodedSecretIsScrubbed() throws Exception {
    try (EngineHarness h = engine()) {
      Failed failed = (Failed) h.invoke("echo", "{\"text\":\"failure-encoded\"}");

      assertThat(failed.message()).isEqualTo("rejected Authorization: Basic " + MARKER + " for ?p=" + MARKER);
      assertLeaksNothing(h, failed);
    }
  }

  @Test
  void anAnswerWithoutSecretsKeepsItsWarningsAsTheyAre() throws Exception {
    try (EngineHarness h = engine()) {
      Succeeded ok = (Succeeded) h.invoke("echo", "{\"text\":\"clean\"}");

      assertThat(ok.response().warnings()).containsExactly("a harmless warning");
    }
  }

  @Test
  void theAsyncJobRecordAndItsAuditEventsCarryNoEncodedSecret() throws Exception {
    try (EngineHarness h = engine()) {
      for (String path : List.of("warning", "key", "basic", "url-encoded", "failure-encoded")) {
        JobService.Submission s = h.engine.jobs().submit(InvocationRequest.of("inst-1", "echo",
            EngineHarness.json("{\"text\":\"" + path + "\"}"), ALICE).withMode(ExecutionMode.ASYNC));
        Job job = AsyncJobTest.awaitTerminal(h, ((JobService.Submission.Accepted) s).jobId(), ALICE);

        assertThat(job.state()).as(path).isEqualTo(path.startsWith("failure") ? JobState.FAILED
            : JobState.SUCCEEDED);
        assertThat(JSON.writeValueAsString(job)).as(path).contains(MARKER);
        assertLeaksNothing(h, job);
      }
    }
  }

  /** Neither the secrets nor any encoding of them in {@code value}, the audit events or the instance record. */
  private static void assertLeaksNothing(EngineHarness h, Object value) throws Exception {
    String json = JSON.writeValueAsString(value);
    String audit = JSON.writeValueAsString(h.audit.events().stream().map(Slf4jJsonAuditSink::toJson).toList());
    for (String form : forms()) {
      assertThat(json).as("the outcome").doesNotContain(form);
      assertThat(audit).as("the audit events").doesNotContain(form);
    }
    assertThat(JSON.writeValueAsString(h.engine.instances().get("inst-1", ALICE).orElseThrow()))
        .doesNotContain(TOKEN).doesNotContain(PASSWORD);
  }

  private static List<String> forms() {
    String basic = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    String query = URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8);
    return List.of(TOKEN, PASSWORD, basic, basic.replace("=", ""), query, query.toLowerCase(java.util.Locale.ROOT),
        Base64.getUrlEncoder().withoutPadding().encodeToString(
            ("someone-else:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
  }

  private static String escapeAll(String text) {
    StringBuilder out = new StringBuilder();
    text.chars().forEach(c -> out.append(String.format("\\u%04x", c)));
    return out.toString();
  }
}
