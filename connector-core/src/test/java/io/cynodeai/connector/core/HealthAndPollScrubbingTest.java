package io.cynodeai.connector.core;

import static io.cynodeai.connector.core.EngineHarness.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.poll.PollReport;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.core.audit.RecordingAuditSink;
import io.cynodeai.connector.core.audit.Slf4jJsonAuditSink;
import io.cynodeai.connector.core.credentials.CredentialVault;
import io.cynodeai.connector.core.credentials.SecretProviders;
import io.cynodeai.connector.core.credentials.SecretRef;
import io.cynodeai.connector.spi.ConnectorContext;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.HealthResult;
import io.cynodeai.connector.spi.PollResult;
import io.cynodeai.connector.spi.PollingSource;
import io.cynodeai.connector.spi.ProviderException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Health check reasons and poll messages and notes are stored and audited, so they are scrubbed too (§8). */
@Tag("REQ-CRED-005")
class HealthAndPollScrubbingTest {
  private static final String TOKEN = "hp-secret/9a7c+e5";
  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

  private static String token(ConnectorContext context) {
    return new String(context.credentials().lease().orElseThrow().secret("token")); // careless on purpose
  }

  private static CredentialVault vault() {
    Map<String, String> env = Map.of("TOKEN", TOKEN);
    return CredentialVault.of(SecretProviders.environment(env::get));
  }

  @Test
  void aHealthCheckReasonQuotingTheTokenIsScrubbedFromTheInstanceAndTheAudit() throws Exception {
    RecordingAuditSink audit = new RecordingAuditSink();
    try (ConnectorEngine engine = ConnectorEngines.builder().register(TestTypes.type("sick",
            TestTypes.echo((ctx, in) -> HandlerResult.of(in)))
            .healthCheck(ctx -> HealthResult.unhealthy("token " + token(ctx) + " is stale")).build())
        .auditSink(audit).policy(PolicyEngine.allowAll())
        .credentials(vault(), i -> Map.of("token", SecretRef.parse("env:TOKEN"))).build()) {
      engine.instances().install(InstanceDefinition.builder("inst-1", "sick")
          .config(EngineHarness.json("{\"endpoint\":\"x\"}")).owner(OwnerScope.user("alice")).projectId("proj-a")
          .build(), ALICE);

      LifecycleOutcome enabled = engine.instances().enable("inst-1", ALICE);

      String all = JSON.writeValueAsString(enabled) + JSON.writeValueAsString(engine.instances().get("inst-1",
          ALICE).orElseThrow()) + JSON.writeValueAsString(audit.events().stream().map(Slf4jJsonAuditSink::toJson)
          .toList());
      assertThat(all).contains("[REDACTED]").doesNotContain(TOKEN);
    }
  }

  @Test
  void aPollFailureMessageAndPollNotesQuotingTheTokenAreScrubbed() throws Exception {
    PollingSource source = new PollingSource() {
      private int polls;

      @Override
      public Duration interval() {
        return Duration.ofHours(1);
      }

      @Override
      public synchronized PollResult poll(ConnectorContext context, @Nullable String cursor) {
        String token = token(context);
        if (polls++ % 2 == 0) {
          throw ProviderException.permanentFailure("bad_token", "the feed refused " + token, null);
        }
        return new PollResult(List.of(), null, List.of("resumed with key="
            + URLEncoder.encode(token, StandardCharsets.UTF_8)));
      }
    };
    try (EngineHarness h = new EngineHarness(TestTypes.type("poller",
        TestTypes.echo((ctx, in) -> HandlerResult.of(in))).polling(source).build(),
        b -> b.polling(events -> {}).credentials(vault(), i -> Map.of("token", SecretRef.parse("env:TOKEN"))))) {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      // the schedule's start-up poll (the failing one) is audited once it is over
      while (h.audit.events(e -> e.type() == AuditEventType.POLL).isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(5); // a deadline-bounded poll of the audit sink, which has no change notification
      }
      PollReport first = h.engine.poll("inst-1", ALICE);
      PollReport second = h.engine.poll("inst-1", ALICE);

      assertThat(first.notes()).containsExactly("resumed with key=[REDACTED]");
      assertThat(second.message()).isEqualTo("the feed refused [REDACTED]");

      String all = JSON.writeValueAsString(List.of(first, second)) + JSON.writeValueAsString(h.audit.events(
          e -> e.type() == AuditEventType.POLL).stream().map(Slf4jJsonAuditSink::toJson).toList());
      assertThat(all).contains("[REDACTED]").doesNotContain(TOKEN)
          .doesNotContain(URLEncoder.encode(TOKEN, StandardCharsets.UTF_8));
    }
  }
}
