package io.cynodeai.connector.core.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.job.JobService;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.audit.RecordingAuditSink;
import io.cynodeai.connector.core.internal.InstanceCache;
import io.cynodeai.connector.core.store.Stores;
import io.cynodeai.connector.spi.JsonResources;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two engine nodes on one PostgreSQL database, each with its own cache of instance lookups: a change made on
 * node A is seen by node A's next call at once and by node B's calls within {@link InstanceCache.DEFAULT_STALENESS}; no
 * call that starts after that bound runs a disabled or uninstalled instance's code on either node.
 */
class InstanceCacheTwoNodeTest {
  private static final Caller ALICE = Caller.user("alice", "proj-a");
  private static final long BOUND_NANOS = InstanceCache.DEFAULT_STALENESS.toNanos();

  private final AtomicInteger runs = new AtomicInteger();
  private final AtomicLong keys = new AtomicLong();
  private HikariDataSource dataSource;
  private Stores storesA;
  private Stores storesB;
  private ConnectorEngine nodeA;
  private ConnectorEngine nodeB;

  @BeforeEach
  void start() {
    dataSource = PostgresDatabases.newDatabase("instcache", 24);
    storesA = Stores.postgres(dataSource);
    storesB = Stores.postgres(dataSource);
    nodeA = H2RestartTest.engine(storesA, runs, 0);
    nodeB = H2RestartTest.engine(storesB, runs, 0);
    nodeA.instances().install(InstanceDefinition.builder("c-1", "counter").config(JsonResources.parse("{}"))
        .owner(OwnerScope.user("alice")).projectId("proj-a").build(), ALICE);
    assertThat(nodeA.instances().enable("c-1", ALICE)).isInstanceOf(LifecycleOutcome.Applied.class);
  }

  @AfterEach
  void stop() {
    nodeA.close();
    nodeB.close();
    storesA.close();
    storesB.close();
    dataSource.close();
  }

  private Outcome call(ConnectorEngine node) {
    return node.invoke(InvocationRequest.of("c-1", "bump", JsonResources.parse("{}"), ALICE)
        .withIdempotencyKey("k-" + keys.incrementAndGet()));
  }

  /**
   * Calls node B until it refuses, bounded in time; returns the start time of the last call that succeeded
   * (or {@code Long.MIN_VALUE} if none did).
   */
  private long lastSuccessOnB(long changedAt) {
    long lastSuccess = Long.MIN_VALUE;
    long until = changedAt + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < until) {
      long startedAt = System.nanoTime();
      Outcome out = call(nodeB);
      if (out instanceof Failed) {
        return lastSuccess;
      }
      lastSuccess = startedAt;
    }
    throw new AssertionError("node B still runs the instance 10 s after the change");
  }

  /** After the bound, neither node runs the handler: every call is refused and the run count stays. */
  private void nothingRunsPastTheBound(long changedAt, String expectedCode) throws InterruptedException {
    long wait = changedAt + BOUND_NANOS - System.nanoTime();
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
    int before = runs.get();
    for (int i = 0; i < 20; i++) {
      for (ConnectorEngine node : new ConnectorEngine[] {nodeA, nodeB}) {
        Outcome out = call(node);
        assertThat(out).isInstanceOf(Failed.class);
        assertThat(((Failed) out).code()).isEqualTo(expectedCode);
      }
      JobService.Submission s = nodeB.jobs().submit(InvocationRequest.of("c-1", "bump", JsonResources.parse("{}"),
          ALICE).withIdempotencyKey("job-" + keys.incrementAndGet()));
      assertThat(s).isInstanceOf(JobService.Submission.Refused.class);
    }
    assertThat(runs.get()).as("handler runs after the bound").isEqualTo(before);
  }

  @Test
  void disableOnOneNodeIsSeenByTheOtherWithinTheBoundAndTheInstanceNeverRunsPastIt() throws Exception {
    for (int i = 0; i < 5; i++) { // both nodes have the active instance cached
      assertThat(call(nodeA)).isInstanceOf(Succeeded.class);
      assertThat(call(nodeB)).isInstanceOf(Succeeded.class);
    }
    assertThat(nodeA.instances().disable("c-1", ALICE)).isInstanceOf(LifecycleOutcome.Applied.class);
    long disabledAt = System.nanoTime();
    Outcome local = call(nodeA);
    assertThat(local).as("the node that disabled sees it at once").isInstanceOf(Failed.class);
    assertThat(((Failed) local).code()).isEqualTo("instance_not_active");

    long lastSuccess = lastSuccessOnB(disabledAt);
    assertThat(lastSuccess).as("no call on node B started past the bound ran the instance")
        .isLessThan(disabledAt + BOUND_NANOS);
    nothingRunsPastTheBound(disabledAt, "instance_not_active");

    // enabled again on node A: node B runs it again within the bound
    assertThat(nodeA.instances().enable("c-1", ALICE)).isInstanceOf(LifecycleOutcome.Applied.class);
    long enabledAt = System.nanoTime();
    assertThat(call(nodeA)).isInstanceOf(Succeeded.class);
    long until = enabledAt + TimeUnit.SECONDS.toNanos(10);
    long startedAt;
    Outcome onB;
    do {
      startedAt = System.nanoTime();
      onB = call(nodeB);
    } while (!(onB instanceof Succeeded) && System.nanoTime() < until);
    assertThat(onB).isInstanceOf(Succeeded.class);
    assertThat(startedAt).as("node B ran it again within the bound").isLessThan(enabledAt + BOUND_NANOS);
  }

  @Test
  void uninstallOnOneNodeIsSeenByTheOtherWithinTheBoundAndTheInstanceNeverRunsPastIt() throws Exception {
    for (int i = 0; i < 5; i++) {
      assertThat(call(nodeA)).isInstanceOf(Succeeded.class);
      assertThat(call(nodeB)).isInstanceOf(Succeeded.class);
    }
    assertThat(nodeA.instances().disable("c-1", ALICE)).isInstanceOf(LifecycleOutcome.Applied.class);
    assertThat(nodeA.instances().uninstall("c-1", ALICE)).isInstanceOf(LifecycleOutcome.Applied.class);
    long uninstalledAt = System.nanoTime();
    Outcome local = call(nodeA);
    assertThat(local).isInstanceOf(Failed.class);
    assertThat(((Failed) local).code()).isEqualTo("unknown_instance");

    long lastSuccess = lastSuccessOnB(uninstalledAt);
    assertThat(lastSuccess).isLessThan(uninstalledAt + BOUND_NANOS);
    nothingRunsPastTheBound(uninstalledAt, "unknown_instance");
  }

  @Test
  void withTheCacheOffAnotherNodesDisableIsSeenByTheVeryNextCall() {
    nodeB.close();
    nodeB = ConnectorEngines.builder().register(H2RestartTest.counter(runs)).stores(storesB)
        .policy(PolicyEngine.allowAll()).auditSink(new RecordingAuditSink()).instanceCache(Duration.ZERO).build();
    assertThat(call(nodeB)).isInstanceOf(Succeeded.class); // read, and with the cache on it would be kept
    assertThat(nodeA.instances().disable("c-1", ALICE)).isInstanceOf(LifecycleOutcome.Applied.class);
    Outcome next = call(nodeB);
    assertThat(next).isInstanceOf(Failed.class);
    assertThat(((Failed) next).code()).isEqualTo("instance_not_active");
    assertThatThrownBy(() -> ConnectorEngines.builder().instanceCache(Duration.ofMinutes(2)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ConnectorEngines.builder().instanceCache(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
