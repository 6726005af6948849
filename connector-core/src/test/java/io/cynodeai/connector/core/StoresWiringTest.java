package io.cynodeai.connector.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.audit.AuditSink;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.instance.RateLimitPolicy;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.core.audit.RecordingAuditSink;
import io.cynodeai.connector.core.catalog.ConnectorCatalog;
import io.cynodeai.connector.core.ratelimit.InMemoryRateLimiter;
import io.cynodeai.connector.core.store.Stores;
import io.cynodeai.connector.core.store.jdbc.JdbcCatalogStore;
import io.cynodeai.connector.spi.HandlerResult;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stores(..)} wires every part of a backend: two engine nodes on one database set share instances and
 * rate limits, and a catalog kept in memory beside database stores fails the build instead of splitting.
 */
class StoresWiringTest {
  private static final Caller ALICE = Caller.user("alice", "proj-a").withGroups("ops");

  private static ConnectorEngine node(Stores stores, Consumer<EngineBuilder> customize) {
    EngineBuilder builder = ConnectorEngines.builder().register(TestTypes.type("echo",
        TestTypes.echo((ctx, in) -> HandlerResult.of(in))).build()).policy(PolicyEngine.allowAll())
        .auditSink(new RecordingAuditSink()).stores(stores);
    customize.accept(builder);
    return builder.build();
  }

  private static Object call(ConnectorEngine engine) {
    return engine.invoke(InvocationRequest.of("shared", "echo", EngineHarness.json("{\"text\":\"hi\"}"), ALICE));
  }

  @Test
  void twoNodesOnOneDatabaseShareTheInstancesAndOneRateLimitBudget(@TempDir Path dir) {
    try (Stores stores = Stores.h2(dir.resolve("shared"));
        ConnectorEngine one = node(stores, b -> { });
        ConnectorEngine two = node(stores, b -> { })) {
      one.instances().install(InstanceDefinition.builder("shared", "echo").config(EngineHarness.json(
          "{\"endpoint\":\"x\"}")).owner(OwnerScope.user("alice")).projectId("proj-a")
          .rateLimitPolicy(RateLimitPolicy.of(0.001, 1)).build(), ALICE);
      assertThat(two.instances().enable("shared", ALICE)).isInstanceOf(LifecycleOutcome.Applied.class);

      assertThat(call(one)).isInstanceOf(Succeeded.class);
      assertThat(call(two)).as("the one token was spent on the other node")
          .isInstanceOfSatisfying(Failed.class, f -> assertThat(f.failureClass())
              .isEqualTo(FailureClass.QUOTA_EXCEEDED));
    }
  }

  @Test
  void aKeyedCallOnOneNodeIsReplayedOnTheOther(@TempDir Path dir) {
    try (Stores stores = Stores.h2(dir.resolve("keys"));
        ConnectorEngine one = node(stores, b -> { });
        ConnectorEngine two = node(stores, b -> { })) {
      one.instances().install(InstanceDefinition.builder("shared", "echo").config(EngineHarness.json(
          "{\"endpoint\":\"x\"}")).owner(OwnerScope.user("alice")).projectId("proj-a").build(), ALICE);
      one.instances().enable("shared", ALICE);
      InvocationRequest keyed = InvocationRequest.of("shared", "echo", EngineHarness.json("{\"text\":\"hi\"}"),
          ALICE).withIdempotencyKey("k-1");

      assertThat(Replays.marked(one.invoke(keyed))).isFalse();
      assertThat(Replays.marked(two.invoke(keyed))).as("the idempotency record is in the shared database").isTrue();
    }
  }

  @Test
  void aRateLimitBackendNamedByTheHostWinsOverTheStores(@TempDir Path dir) {
    try (Stores stores = Stores.h2(dir.resolve("own"))) {
      InMemoryRateLimiter local = new InMemoryRateLimiter();
      try (ConnectorEngine one = node(stores, b -> b.rateLimitBackend(local, local));
          ConnectorEngine two = node(stores, b -> b.rateLimitBackend(new InMemoryRateLimiter(),
              new InMemoryRateLimiter()))) {
        one.instances().install(InstanceDefinition.builder("shared", "echo").config(EngineHarness.json(
            "{\"endpoint\":\"x\"}")).owner(OwnerScope.user("alice")).projectId("proj-a")
            .rateLimitPolicy(RateLimitPolicy.of(0.001, 1)).build(), ALICE);
        one.instances().enable("shared", ALICE);

        assertThat(call(one)).isInstanceOf(Succeeded.class);
        assertThat(call(two)).as("each node has its own buckets").isInstanceOf(Succeeded.class);
      }
    }
  }

  @Test
  void aCatalogInMemoryBesideDatabaseStoresFailsTheBuild(@TempDir Path dir) {
    AuditSink none = event -> { };
    try (Stores stores = Stores.h2(dir.resolve("catalog"))) {
      assertThatThrownBy(() -> node(stores, b -> b.catalog(ConnectorCatalog.inMemory(PolicyEngine.allowAll(),
          none)))).isInstanceOf(IllegalStateException.class)
          .hasMessage("the connector catalog keeps its records in memory while the engine's stores are in a "
              + "database: create it on the same database with ConnectorCatalog.create(stores.catalog(), policy, "
              + "audit, clock)");

      assertThat(stores.catalog()).isInstanceOf(JdbcCatalogStore.class);
      try (ConnectorEngine engine = node(stores, b -> b.catalog(ConnectorCatalog.create(stores.catalog(),
          PolicyEngine.allowAll(), none, Clock.systemUTC())))) {
        LifecycleOutcome refused = engine.instances().install(InstanceDefinition.builder("k1", "echo")
            .config(EngineHarness.json("{\"endpoint\":\"x\"}")).owner(OwnerScope.user("alice"))
            .projectId("proj-a").build(), ALICE);
        assertThat(((LifecycleOutcome.Refused) refused).failure().code()).isEqualTo("not_approved");
      }
    }
    try (Stores memory = Stores.inMemory(); ConnectorEngine engine = node(memory,
        b -> b.catalog(ConnectorCatalog.inMemory(PolicyEngine.allowAll(), none)))) {
      assertThat(engine).as("in-memory stores take an in-memory catalog").isNotNull();
    }
  }
}
