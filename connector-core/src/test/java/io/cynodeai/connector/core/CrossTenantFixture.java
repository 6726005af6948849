package io.cynodeai.connector.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.api.spec.SpecSource;
import io.cynodeai.connector.core.audit.RecordingAuditSink;
import io.cynodeai.connector.core.credentials.LocalKeyManagementService;
import io.cynodeai.connector.core.store.Stores;
import io.cynodeai.connector.core.tenancy.TenancyRules;
import io.cynodeai.connector.core.webhook.WebhookConfig;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spi.OperationDescriptor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two tenants on one engine for the cross-tenant tests (REQ-TENANT-004): tenant A (alice, group team-a,
 * project proj-a) and tenant B (bob, group team-b, project proj-b), strict tenancy rules and an
 * allow-everything host policy, so only the tenancy boundary stands between them. The {@code ledger} type has
 * a mutating, idempotent operation that runs sync or async and counts its runs per instance, and a webhook
 * source with engine-held secrets.
 */
final class CrossTenantFixture implements AutoCloseable {
  static final Caller ALICE_A = new Caller("alice", List.of("team-a"), "proj-a");
  static final Caller BOB_B = new Caller("bob", List.of("team-b"), "proj-b");
  static final JsonNode OBJECT = JsonResources.parse("{\"type\":\"object\"}");

  final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
  final RecordingAuditSink audit = new RecordingAuditSink();
  final Stores stores;
  final ConnectorEngine engine;

  CrossTenantFixture(Stores stores) {
    this.stores = stores;
    ConnectorType ledger = ConnectorType.builder("ledger", "1.0.0").configSchema("1", OBJECT)
        .operation(OperationDescriptor.builder("post").modes(ExecutionMode.SYNC, ExecutionMode.ASYNC)
            .mutating(true).supportsIdempotency(true).requestSchema(OBJECT).responseSchema(OBJECT)
            .handler((ctx, in) -> HandlerResult.of(JsonResources.parse("{\"run\":"
                + runs.computeIfAbsent(ctx.instanceId(), k -> new AtomicInteger()).incrementAndGet() + "}"))))
        .webhooks(new HmacHooks.Source()).build();
    engine = ConnectorEngines.builder().register(ledger).stores(stores)
        .auditSink(stores.audit() == null ? audit : audit.and(stores.audit()))
        .policy(PolicyEngine.allowAll()).tenancy(TenancyRules.strict())
        .jobs(j -> j.withPollInterval(Duration.ofMillis(10)))
        .webhooks(WebhookConfig.builder(e -> { }).keys(new LocalKeyManagementService("tenancy"))
            .store(stores.webhooks()).build())
        .build();
  }

  /** Installs and enables a ledger instance owned by the caller's first group in the caller's project. */
  void installActive(String id, Caller owner) {
    assertThat(engine.instances().install(InstanceDefinition.builder(id, "ledger").config(JsonResources.parse("{}"))
        .owner(OwnerScope.group(owner.groupIds().get(0))).projectId(owner.projectId()).build(), owner))
        .isInstanceOf(LifecycleOutcome.Applied.class);
    assertThat(engine.instances().enable(id, owner)).isInstanceOf(LifecycleOutcome.Applied.class);
  }

  /** A ledger spec owned by the caller's first group in the caller's project. */
  static SpecSource spec(String name, Caller owner, boolean enabled) {
    return new SpecSource(name + ".yaml", """
        apiVersion: cynodeai.io/v1alpha1
        kind: Connector
        metadata:
          name: %s
          owner: {type: group, id: %s}
          projectId: %s
        spec:
          type: ledger
          typeVersion: 1
          enabled: %s
          config: {}
        """.formatted(name, owner.groupIds().get(0), owner.projectId(), enabled));
  }

  Outcome post(String id, String key, Caller caller) {
    return engine.invoke(InvocationRequest.of(id, "post", JsonResources.parse("{\"amount\":5}"), caller)
        .withIdempotencyKey(key).withRequestId("r-" + caller.userId()));
  }

  int runs(String id) {
    AtomicInteger n = runs.get(id);
    return n == null ? 0 : n.get();
  }

  /**
   * Asserts that the answer about a foreign resource is the answer about a missing one, once the id in the
   * message is swapped: same class, code, message, retryability and violations.
   */
  static void sameAsMissing(Failed foreign, String foreignId, Failed missing, String missingId) {
    assertThat(foreign.code()).isEqualTo(missing.code());
    assertThat(foreign.failureClass()).isEqualTo(missing.failureClass());
    assertThat(foreign.message().replace(foreignId, missingId)).isEqualTo(missing.message());
    assertThat(foreign.retryable()).isEqualTo(missing.retryable());
    assertThat(foreign.retryAfter()).isEqualTo(missing.retryAfter());
    assertThat(foreign.violations().toString().replace(foreignId, missingId))
        .isEqualTo(missing.violations().toString());
  }

  @Override
  public void close() {
    engine.close();
    stores.close();
  }
}
