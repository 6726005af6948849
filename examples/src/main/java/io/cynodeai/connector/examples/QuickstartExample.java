package io.cynodeai.connector.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.Violation;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.policy.PolicyDecision;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.audit.RecordingAuditSink;
import io.cynodeai.connector.core.audit.Slf4jJsonAuditSink;
import io.cynodeai.connector.core.egress.EgressPolicy;
import io.cynodeai.connector.core.store.InMemoryInstanceStore;
import io.cynodeai.connector.spi.JsonResources;
import java.io.PrintStream;

/**
 * The quickstart: an engine on embedded defaults hosts the generic {@code http} connector, which calls a
 * local inventory API; egress is opened to loopback explicitly, since the default reaches public addresses
 * only. It prints the normalized response of one call and that call's audit event, then the typed failure of
 * a call whose input breaks the operation's request schema.
 *
 * <pre>
 * mvn -B -q install -DskipTests &amp;&amp; mvn -B -q -pl examples exec:java \
 *     -Dexec.mainClass=io.cynodeai.connector.examples.QuickstartExample
 * </pre>
 */
public final class QuickstartExample {
  private static final Caller DEMO = Caller.user("demo", "quickstart");
  private static final ObjectMapper JSON = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build();

  private QuickstartExample() {}

  public static void main(String[] args) throws JsonProcessingException {
    run(System.out);
  }

  /** Runs the quickstart, writing what it shows to {@code out}. */
  static void run(PrintStream out) throws JsonProcessingException {
    RecordingAuditSink audit = new RecordingAuditSink();
    try (LocalInventoryApi api = LocalInventoryApi.start();
        ConnectorEngine engine = ConnectorEngines.builder()
            .discoverConnectors()                            // finds the http connector on the class path
            .instanceStore(new InMemoryInstanceStore())      // the embedded default, spelled out
            .policy(onlyTheDemoUser())
            .auditSink(audit.and(new Slf4jJsonAuditSink())) // keep events to print, and log them as JSON lines
            .egress(EgressPolicy.loopbackOnly())             // the API is local: egress is public-only unless opened
            .build()) {

      require(engine.instances().install(InstanceDefinition.builder("inventory", "http")
          .config(JsonResources.parse("{\"baseUrl\":\"" + api.baseUrl() + "\"}"))
          .owner(OwnerScope.user("demo"))
          .projectId("quickstart")
          .build(), DEMO));
      require(engine.instances().enable("inventory", DEMO));

      out.println("== get /status");
      call(engine, audit, "{\"path\":\"/status\"}", out);
      out.println();
      out.println("== get //evil.example/status (a path that would leave the base URL)");
      call(engine, audit, "{\"path\":\"//evil.example/status\"}", out);
    }
  }

  /** Allows the demo user everything and denies everyone else. */
  private static PolicyEngine onlyTheDemoUser() {
    return context -> context.userId().equals("demo")
        ? PolicyDecision.allow("the demo user may do anything")
        : PolicyDecision.deny("only the demo user is allowed");
  }

  /** Invokes {@code get} with {@code input}, then prints the outcome and the call's audit event. */
  private static void call(ConnectorEngine engine, RecordingAuditSink audit, String input, PrintStream out)
      throws JsonProcessingException {
    InvocationRequest request = InvocationRequest.of("inventory", "get", JsonResources.parse(input), DEMO);
    Outcome outcome = engine.invoke(request);
    if (outcome instanceof Succeeded succeeded) {
      out.println("Succeeded, normalized response:");
      out.println(JSON.writeValueAsString(succeeded.response()));
    } else if (outcome instanceof Failed failed) {
      out.println("Failed: " + failed.failureClass().wireName() + " / " + failed.code());
      out.println("  message: " + failed.message());
      out.println("  retryable: " + failed.retryable());
      for (Violation violation : failed.violations()) {
        out.println("  violation " + violation);
      }
    }
    out.println("Audit event:");
    for (AuditEvent event : audit.events(e -> request.requestId().equals(e.requestId()))) {
      out.println(Slf4jJsonAuditSink.toJson(event));
    }
  }

  private static void require(LifecycleOutcome outcome) {
    if (outcome instanceof LifecycleOutcome.Refused rejected) {
      throw new IllegalStateException("lifecycle step refused: " + rejected.failure().message());
    }
    if (outcome instanceof LifecycleOutcome.Applied applied && applied.unhealthy().isPresent()) {
      throw new IllegalStateException(applied.unhealthy().get().message());
    }
  }
}
