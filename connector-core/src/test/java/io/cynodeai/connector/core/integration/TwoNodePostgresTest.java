package io.cynodeai.connector.core.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.audit.RecordingAuditSink;
import io.cynodeai.connector.core.store.Stores;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.JsonResources;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Two engine nodes (separate engines, stores and thread pools) sharing one real PostgreSQL database. */
class TwoNodePostgresTest {
  static final Caller ALICE = Caller.user("alice", "proj-a");

  private final AtomicInteger runs = new AtomicInteger();
  private HikariDataSource dataSource;
  private Stores storesA;
  private Stores storesB;
  private ConnectorEngine nodeA;
  private ConnectorEngine nodeB;

  @BeforeEach
  void start() {
    dataSource = PostgresDatabases.newDatabase("twonode", 80);
    storesA = Stores.postgres(dataSource);
    storesB = Stores.postgres(dataSource);
    nodeA = node(storesA);
    nodeB = node(storesB);
  }

  @AfterEach
  void stop() {
    nodeA.close();
    nodeB.close();
    storesA.close();
    storesB.close();
    dataSource.close();
  }

  private ConnectorEngine node(Stores stores) {
    ConnectorType type = H2RestartTest.counter(runs, 300);
    return ConnectorEngines.builder().register(type).stores(stores).policy(PolicyEngine.allowAll())
        .auditSink(new RecordingAuditSink()).build();
  }

  @Test
  @Tag("REQ-IDEM-003")
  @Tag("REQ-IDEM-004")
  void duplicateKeyedCallsSpreadOverTwoNodesRunTheHandlerOnce() throws Exception {
    nodeA.instances().install(InstanceDefinition.builder("c-1", "counter").config(JsonResources.parse("{}"))
        .owner(OwnerScope.user("alice")).projectId("proj-a").build(), ALICE);
    assertThat(nodeB.instances().enable("c-1", ALICE)).isInstanceOf(LifecycleOutcome.Applied.class);
    InvocationRequest keyed = InvocationRequest.of("c-1", "bump", JsonResources.parse("{}"), ALICE)
        .withIdempotencyKey("payment-42");
    ExecutorService callers = Executors.newFixedThreadPool(64);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<Outcome>> calls = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        ConnectorEngine node = i % 2 == 0 ? nodeA : nodeB;
        String requestId = "call-" + i;
        calls.add(callers.submit(() -> {
          go.await();
          return node.invoke(keyed.withRequestId(requestId));
        }));
      }
      go.countDown();
      List<Outcome> outcomes = new ArrayList<>();
      for (Future<Outcome> call : calls) {
        outcomes.add(call.get(60, TimeUnit.SECONDS));
      }
      assertThat(runs).as("the handler ran exactly once").hasValue(1);
      assertThat(outcomes.get(0)).isInstanceOf(Succeeded.class);
      assertThat(outcomes).allSatisfy(o -> assertThat(o).isEqualTo(outcomes.get(0)));
    } finally {
      callers.shutdownNow();
    }
  }
}
