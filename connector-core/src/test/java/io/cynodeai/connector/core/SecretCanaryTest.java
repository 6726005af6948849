package io.cynodeai.connector.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.policy.PolicyDecision;
import io.cynodeai.connector.core.audit.Slf4jJsonAuditSink;
import io.cynodeai.connector.core.credentials.CredentialVault;
import io.cynodeai.connector.core.credentials.EncryptedSecretStore;
import io.cynodeai.connector.core.credentials.LocalKeyManagementService;
import io.cynodeai.connector.core.credentials.SecretRef;
import io.cynodeai.connector.core.egress.EgressPolicy;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.HealthResult;
import io.cynodeai.connector.spi.OperationContext;
import io.cynodeai.connector.spi.OperationHandler;
import io.cynodeai.connector.spi.ProviderException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every synchronous pipeline path runs with a credential holding a canary, and handlers that are careless
 * with it (quoting it in exception messages). The canary must appear in no log line (SLF4J's output on
 * stderr and the JDK platform logger connectors use), no audit event, no outcome (response or failure message)
 * and no instance record. The asynchronous and replay paths are {@link AsyncAndReplaySecretCanaryTest}.
 */
@Tag("REQ-CRED-005")
class SecretCanaryTest {
  private static final String CANARY = "CANARY-7f3a9c-do-not-leak";
  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  private final List<String> platformLog = new CopyOnWriteArrayList<>();
  private final Handler julCapture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      platformLog.add(record.getMessage() + " " + record.getThrown());
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  private PrintStream originalErr;

  @BeforeEach
  void captureLogs() {
    originalErr = System.err;
    System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    Logger.getLogger("").addHandler(julCapture);
  }

  @AfterEach
  void restoreLogs() {
    System.setErr(originalErr);
    Logger.getLogger("").removeHandler(julCapture);
  }

  static Stream<Arguments> paths() {
    return Stream.of(
        Arguments.of("success", "success", "succeeded"),
        Arguments.of("success with the secret in a redacted field", "echo-secret", "succeeded"),
        Arguments.of("success with the secret in a field not declared for redaction", "echo-plain", "succeeded"),
        Arguments.of("transient failure quoting the token", "transient", "upstream_down"),
        Arguments.of("credentials rejected quoting the token", "auth", "credentials_rejected"),
        Arguments.of("rate limited quoting the token", "rate", "provider_rate_limited"),
        Arguments.of("permanent failure quoting the token", "permanent", "bad_request"),
        Arguments.of("unexpected exception quoting the token", "unexpected", "handler_error"),
        Arguments.of("network error quoting the token", "network", "network_error"),
        Arguments.of("timeout", "slow", "timeout"),
        Arguments.of("egress denial with the token in the query", "egress", "egress_denied"),
        Arguments.of("response schema violation carrying the token", "bad-response", "response_schema_violation"),
        Arguments.of("request validation error", "invalid", "schema_violation"),
        Arguments.of("policy denial", "denied", "policy_denied"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("paths")
  void theCanaryAppearsNowhere(String name, String path, String expected) throws Exception {
    LocalKeyManagementService kms = new LocalKeyManagementService("kek");
    EncryptedSecretStore store = new EncryptedSecretStore(kms);
    store.put("token", CANARY.toCharArray());
    CredentialVault vault = CredentialVault.of(store);
    try (EngineHarness h = new EngineHarness(type(), b -> b
        .credentials(vault, instance -> Map.of("token", SecretRef.parse("store:token")))
        .egress(instance -> EgressPolicy.builder().allow("http://*:80").build())
        .policy(ctx -> ctx.userId().equals("mallory") ? PolicyDecision.deny("mallory may not")
            : PolicyDecision.allow("ok")))) {
      Caller caller = path.equals("denied") ? Caller.user("mallory", "proj-a") : EngineHarness.ALICE;
      String input = path.equals("invalid") ? "{\"text\":\"x\",\"count\":-1}" : "{\"text\":\"" + path + "\"}";

      Outcome outcome = h.engine.invoke(InvocationRequest.of("inst-1", "echo", EngineHarness.json(input), caller));

      assertThat(outcome instanceof Succeeded ? "succeeded" : ((Failed) outcome).code()).isEqualTo(expected);
      assertThat(JSON.writeValueAsString(outcome)).doesNotContain(CANARY);
      if (path.equals("echo-plain")) {
        assertThat(((Succeeded) outcome).response().data().path("text").asText()).isEqualTo("token=[REDACTED]");
        assertThat(((Succeeded) outcome).response().warnings())
            .contains("a credential of the instance was removed from the response");
      }
      if (List.of("transient", "auth", "rate", "permanent").contains(path)) {
        assertThat(((Failed) outcome).message()).contains("[REDACTED]"); // the connector quoted it; scrubbed
      }
      assertThat(JSON.writeValueAsString(h.engine.instances().get("inst-1", EngineHarness.ALICE).orElseThrow()))
          .doesNotContain(CANARY);
      h.audit.events().forEach(e -> assertThat(Slf4jJsonAuditSink.toJson(e)).doesNotContain(CANARY));
      org.slf4j.LoggerFactory.getLogger("canary.probe").warn("capture probe");
      assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("capture probe").doesNotContain(CANARY);
      if (!List.of("invalid", "denied").contains(path)) {
        assertThat(platformLog).anyMatch(line -> line.contains("calling the provider")); // capture works
      }
      assertThat(platformLog).noneMatch(line -> line.contains(CANARY));
    }
  }

  private static ConnectorType type() {
    OperationHandler handler = (ctx, input) -> {
      String token = new String(ctx.credentials().lease().orElseThrow().secret("token")); // careless on purpose
      ctx.logger().log(System.Logger.Level.INFO, "calling the provider for " + ctx.requestId());
      return run(input.path("text").asText(), token, ctx);
    };
    return TestTypes.type("canary", TestTypes.echo(handler).maxTimeout(Duration.ofMillis(300)).redact("/secret"))
        .healthCheck(ctx -> ctx.credentials().lease().isPresent() ? HealthResult.healthy()
            : HealthResult.credentialsRejected("no token"))
        .build();
  }

  private static HandlerResult run(String path, String token, OperationContext ctx) throws Exception {
    switch (path) {
      case "echo-secret":
        return HandlerResult.of(EngineHarness.json("{\"text\":\"ok\",\"secret\":\"" + token + "\"}"));
      case "echo-plain":
        return HandlerResult.of(EngineHarness.json("{\"text\":\"token=" + token + "\"}"));
      case "transient":
        throw ProviderException.transientFailure("upstream_down", "upstream said token " + token + " is stale",
            null);
      case "auth":
        throw ProviderException.authRejected(401, "token " + token + " was rejected");
      case "rate":
        throw ProviderException.rateLimited(429, Duration.ofMinutes(5), "slow down, " + token);
      case "permanent":
        throw ProviderException.permanentFailure("bad_request", "bad request for " + token, null);
      case "unexpected":
        throw new IllegalStateException("cannot parse " + token);
      case "network":
        throw new IOException("connection reset while sending " + token);
      case "slow":
        Thread.sleep(2_000); // a provider slower than the call's timeout: the timeout path under test
        return HandlerResult.of(EngineHarness.json("{\"text\":\"late\"}"));
      case "egress":
        ctx.network().httpClient().send(HttpRequest.newBuilder(URI.create("http://10.0.0.1/?token=" + token)).build(),
            HttpResponse.BodyHandlers.ofString());
        return HandlerResult.of(EngineHarness.json("{\"text\":\"unreachable\"}"));
      case "bad-response":
        return HandlerResult.of(EngineHarness.json("{\"text\":5,\"secret\":\"" + token + "\"}"));
      default:
        return HandlerResult.of(EngineHarness.json("{\"text\":\"ok\"}"));
    }
  }
}
