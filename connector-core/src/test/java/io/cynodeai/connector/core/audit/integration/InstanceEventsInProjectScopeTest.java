package io.cynodeai.connector.core.audit.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.audit.AuditQuery;
import io.cynodeai.connector.core.egress.EgressPolicy;
import io.cynodeai.connector.core.egress.TestResolver;
import io.cynodeai.connector.core.store.Stores;
import io.cynodeai.connector.spi.ConnectorContext;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.HealthResult;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spi.OperationDescriptor;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every audit event tied to an instance names the acting user and the instance's project, so an audit query
 * scoped to the project (against the real JDBC audit store) finds the health checks and egress denials too.
 */
@Tag("REQ-OBS-001")
class InstanceEventsInProjectScopeTest {
  private static final Caller ALICE = Caller.user("alice", "proj-a");
  @TempDir
  Path dir;

  /** Asks the cloud metadata address, which the egress policy refuses. */
  private static void reachMetadata(ConnectorContext ctx) {
    try {
      ctx.network().httpClient().send(HttpRequest.newBuilder(URI.create("http://169.254.169.254/")).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception refused) {
      // the denial is what the test looks for
    }
  }

  @Test
  void healthChecksAndEgressDenialsCarryTheActingUserAndTheInstancesProject() {
    ConnectorType type = ConnectorType.builder("fetcher", "1.0.0")
        .configSchema("1", JsonResources.parse("{\"type\":\"object\"}"))
        .healthCheck(ctx -> {
          reachMetadata(ctx);
          return HealthResult.healthy();
        })
        .operation(OperationDescriptor.builder("fetch").modes(ExecutionMode.SYNC)
            .requestSchema(JsonResources.parse("{\"type\":\"object\"}"))
            .responseSchema(JsonResources.parse("{\"type\":\"object\"}"))
            .handler((ctx, input) -> {
              reachMetadata(ctx);
              return HandlerResult.of(input);
            }))
        .build();
    Instant start = Instant.now();
    try (Stores stores = Stores.h2(dir.resolve("state"))) {
      try (ConnectorEngine engine = ConnectorEngines.builder().register(type).stores(stores)
          .auditSink(stores.audit()).policy(PolicyEngine.allowAll())
          .egress(i -> EgressPolicy.builder().allow("https://api.example.com:443").build())
          .hostResolver(new TestResolver()).build()) {
        assertThat(engine.instances().install(InstanceDefinition.builder("inst-1", "fetcher")
            .config(JsonResources.parse("{}")).owner(OwnerScope.user("alice")).projectId("proj-a").build(),
            ALICE)).isInstanceOf(LifecycleOutcome.Applied.class);
        assertThat(engine.instances().enable("inst-1", ALICE)).isInstanceOf(LifecycleOutcome.Applied.class);
        Outcome out = engine.invoke(InvocationRequest.of("inst-1", "fetch", JsonResources.parse("{}"), ALICE));
        assertThat(out).isNotNull();
      }

      List<AuditEvent> scoped = stores.audit().query(AuditQuery.between(start, Instant.now().plusSeconds(1))
          .withProject("proj-a").withLimit(AuditQuery.MAX_LIMIT)).events();

      assertThat(scoped).filteredOn(e -> e.type() == AuditEventType.HEALTH_CHECK)
          .extracting(AuditEvent::action, AuditEvent::userId, AuditEvent::projectId)
          .containsExactly(tuple("health_check", "alice", "proj-a"));
      // one refused connection from the health check (run by alice's enable), one from alice's call
      assertThat(scoped).filteredOn(e -> e.type() == AuditEventType.EGRESS)
          .extracting(AuditEvent::action, AuditEvent::userId, AuditEvent::projectId)
          .containsExactly(tuple("egress.connect", "alice", "proj-a"), tuple("egress.connect", "alice", "proj-a"));
    }
  }
}
