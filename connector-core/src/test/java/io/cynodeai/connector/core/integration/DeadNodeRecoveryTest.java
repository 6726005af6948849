package io.cynodeai.connector.core.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.job.Job;
import io.cynodeai.connector.api.job.JobService;
import io.cynodeai.connector.api.job.JobState;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.JobSettings;
import io.cynodeai.connector.core.audit.RecordingAuditSink;
import io.cynodeai.connector.core.store.Stores;
import io.cynodeai.connector.spi.JsonResources;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A node that dies holding a job: an engine in a process of its own ({@link DyingNode}, default job settings)
 * runs a job whose handler never returns and is killed with SIGKILL, so nothing releases its lease; another node
 * on the same PostgreSQL database runs the job again within the default 5 s lease (plus its poll and the run).
 */
class DeadNodeRecoveryTest {
  private static final Caller ALICE = Caller.user("alice", "proj-a");

  @Test
  void aJobHeldByAKilledNodeRunsAgainElsewhereWithinTheDefaultLease() throws Exception {
    Duration lease = JobSettings.defaults().lease();
    assertThat(lease).isEqualTo(Duration.ofSeconds(5));
    try (HikariDataSource db = PostgresDatabases.newDatabase("deadnode", 8); Stores stores = Stores.postgres(db);
        ConnectorEngine admin = ConnectorEngines.builder().register(DyingNode.type(false)).stores(stores)
            .policy(PolicyEngine.allowAll()).auditSink(new RecordingAuditSink())
            .jobs(j -> j.withWorkers("admin", 0, j.lease())).build()) {
      admin.instances().install(InstanceDefinition.builder("s-1", "slow").config(JsonResources.parse("{}"))
          .owner(OwnerScope.user("alice")).projectId("proj-a").build(), ALICE);
      assertThat(admin.instances().enable("s-1", ALICE)).isInstanceOf(LifecycleOutcome.Applied.class);

      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      Process dying = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
          DyingNode.class.getName(), PostgresDatabases.jdbcUrl(db))).redirectErrorStream(true).start();
      try {
        BufferedReader out = new BufferedReader(new InputStreamReader(dying.getInputStream(),
            StandardCharsets.UTF_8));
        awaitLine(out, "READY");
        JobService.Submission submitted = admin.jobs().submit(InvocationRequest.of("s-1", "work",
            JsonResources.parse("{\"n\":1}"), ALICE));
        String jobId = ((JobService.Submission.Accepted) submitted).jobId();
        awaitLine(out, "RUNNING");
        assertThat(admin.jobs().get(jobId, ALICE).found().orElseThrow().state()).isEqualTo(JobState.RUNNING);

        dying.destroyForcibly(); // SIGKILL: no shutdown hook, no release of the lease
        assertThat(dying.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long killedAt = System.nanoTime();
        try (ConnectorEngine survivor = ConnectorEngines.builder().register(DyingNode.type(false)).stores(stores)
            .policy(PolicyEngine.allowAll()).auditSink(new RecordingAuditSink())
            .jobs(j -> j.withWorkers("node-b", 1, j.lease())).build()) {
          // the killed node's lease runs at least 3 s more (renewed every third of 5 s): time to listen
          CompletableFuture<Long> finished = new CompletableFuture<>();
          survivor.jobs().addListener(event -> {
            if (event.jobId().equals(jobId) && event.to().terminal()) {
              finished.complete(System.nanoTime());
            }
          });
          long tookMs = TimeUnit.NANOSECONDS.toMillis(finished.get(30, TimeUnit.SECONDS) - killedAt);
          Job done = survivor.jobs().get(jobId, ALICE).found().orElseThrow();
          System.out.printf("job of the killed node finished elsewhere %d ms after the kill%n", tookMs);
          assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
          assertThat(done.history()).extracting(a -> a.node() + ":" + a.outcome())
              .containsExactly("node-dying:lease_expired", "node-b:succeeded");
          // the lease was renewed at most a third of it before the kill; the survivor polls every 100 ms
          assertThat(tookMs).as("running again elsewhere %d ms after the kill", tookMs)
              .isLessThanOrEqualTo(lease.toMillis() + 1_500);
        }
      } finally {
        dying.destroyForcibly();
      }
    }
  }

  /** Reads the child's output until a line equal to {@code wanted}, within 60 s. */
  private static void awaitLine(BufferedReader out, String wanted) throws Exception {
    String found = CompletableFuture.supplyAsync(() -> {
      try {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          if (line.equals(wanted)) {
            return line;
          }
        }
        return null;
      } catch (java.io.IOException e) {
        return null;
      }
    }).get(60, TimeUnit.SECONDS);
    assertThat(found).as("the node printed " + wanted).isEqualTo(wanted);
  }
}
