package io.cynodeai.connector.core;

import static io.cynodeai.connector.core.EngineHarness.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

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
import io.cynodeai.connector.core.audit.AuditQuery;
import io.cynodeai.connector.core.audit.Slf4jJsonAuditSink;
import io.cynodeai.connector.core.credentials.CredentialVault;
import io.cynodeai.connector.core.credentials.EncryptedSecretStore;
import io.cynodeai.connector.core.credentials.LocalKeyManagementService;
import io.cynodeai.connector.core.credentials.SecretRef;
import io.cynodeai.connector.core.store.Stores;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.OperationHandler;
import io.cynodeai.connector.spi.ProviderException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The secret canary on the asynchronous and replay paths, with every durable record in a real H2 database:
 * job records, job results, dead letters with their attempt history, replayed outcomes of keyed calls, the
 * queryable audit store, SLF4J output, and every column of every table the stores keep. Also proves that job
 * workers never keep credentials: the lease the handler got on a worker thread is zero-filled when the attempt
 * ends.
 */
@Tag("REQ-CRED-005")
class AsyncAndReplaySecretCanaryTest {
  private static final String CANARY = "CANARY-async-91c2-do-not-leak";
  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  private final List<char[]> leasedOnWorkers = new CopyOnWriteArrayList<>();
  private PrintStream originalErr;
  @TempDir
  Path dir;

  @BeforeEach
  void captureLogs() {
    originalErr = System.err;
    System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreLogs() {
    System.setErr(originalErr);
  }

  private ConnectorType type() {
    OperationHandler handler = (ctx, input) -> {
      char[] buffer = ctx.credentials().lease().orElseThrow().secret("token");
      leasedOnWorkers.add(buffer);
      String token = new String(buffer); // careless on purpose
      switch (input.path("text").asText()) {
        case "echo-secret":
          return HandlerResult.of(EngineHarness.json("{\"text\":\"ok\",\"secret\":\"" + token + "\"}"));
        case "transient":
          throw ProviderException.transientFailure("upstream_down", "token " + token + " is stale", null);
        case "permanent":
          throw ProviderException.permanentFailure("bad_request", "bad request for " + token, null);
        case "unexpected":
          throw new IllegalStateException("cannot parse " + token);
        default:
          return HandlerResult.of(EngineHarness.json("{\"text\":\"ok\"}"));
      }
    };
    return TestTypes.type("canary", TestTypes.echo(handler).modes(ExecutionMode.SYNC, ExecutionMode.ASYNC)
        .maxTimeout(Duration.ofSeconds(2)).redact("/secret")).build();
  }

  @Test
  void jobsDeadLettersReplaysAuditAndLogsNeverCarryTheCanary() throws Exception {
    EncryptedSecretStore secrets = new EncryptedSecretStore(new LocalKeyManagementService("kek"));
    secrets.put("token", CANARY.toCharArray());
    try (Stores stores = Stores.h2(dir.resolve("canary"))) {
      try (EngineHarness h = new EngineHarness(type(), b -> b.stores(stores)
          .auditSink(new Slf4jJsonAuditSink().and(stores.audit()))
          .credentials(CredentialVault.of(secrets), i -> Map.of("token", SecretRef.parse("store:token")))
          .jobs(j -> j.withPollInterval(Duration.ofMillis(5)).withRetries(2, Duration.ofMillis(10), 1024 * 1024)))) {
        for (String path : List.of("echo-secret", "transient", "permanent", "unexpected")) {
          Job job = AsyncJobTest.awaitTerminal(h, submit(h, path), ALICE);
          assertThat(job.state()).as(path).isEqualTo(path.equals("echo-secret") ? JobState.SUCCEEDED
              : JobState.FAILED);
          assertThat(JSON.writeValueAsString(job)).as(path).doesNotContain(CANARY);
        }
        assertThat(h.engine.jobs().deadLetters(ALICE, 100).listed().orElseThrow()).hasSize(3)
            .allSatisfy(dead -> assertThat(JSON.writeValueAsString(dead)).doesNotContain(CANARY));
        assertThat(JSON.writeValueAsString(h.engine.jobs().deadLetters(ALICE, 100).listed().orElseThrow())).contains("[REDACTED]");

        for (String path : List.of("echo-secret", "permanent", "unexpected")) {
          InvocationRequest keyed = InvocationRequest.of("inst-1", "echo",
              EngineHarness.json("{\"text\":\"" + path + "\"}"), ALICE).withIdempotencyKey("key-" + path);
          Outcome first = h.engine.invoke(keyed);
          Outcome replayed = h.engine.invoke(keyed);
          assertThat(JSON.writeValueAsString(Replays.unmarked(replayed))).as(path)
              .isEqualTo(JSON.writeValueAsString(first))
              .doesNotContain(CANARY);
          assertThat(replayed instanceof Succeeded || replayed instanceof Failed).isTrue();
        }
        assertThat(stores.audit().query(AuditQuery.between(Instant.EPOCH, Instant.now().plusSeconds(1))
            .withLimit(1000)).events()).filteredOn(e -> e.replay()).hasSize(3);
      }
      assertThat(leasedOnWorkers).hasSizeGreaterThanOrEqualTo(8)
          .allSatisfy(buffer -> assertThat(buffer).containsOnly('\0'));
      assertThat(JSON.writeValueAsString(stores.audit().query(
          AuditQuery.between(Instant.EPOCH, Instant.now().plusSeconds(1)).withLimit(1000)).events()))
          .contains("connector.job.failed", "\"replay\":true").doesNotContain(CANARY);
      assertNoTableHoldsTheCanary(stores);
    }
    org.slf4j.LoggerFactory.getLogger("canary.probe").warn("capture probe");
    assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("capture probe").doesNotContain(CANARY);
  }

  private static String submit(EngineHarness h, String path) {
    JobService.Submission s = h.engine.jobs().submit(InvocationRequest.of("inst-1", "echo",
        EngineHarness.json("{\"text\":\"" + path + "\"}"), ALICE).withMode(ExecutionMode.ASYNC));
    return ((JobService.Submission.Accepted) s).jobId();
  }

  private static void assertNoTableHoldsTheCanary(Stores stores) throws Exception {
    try (Connection c = stores.database().dataSource().getConnection()) {
      List<String> tables = new java.util.ArrayList<>();
      try (ResultSet rs = c.getMetaData().getTables(null, "PUBLIC", "%", new String[] {"TABLE"})) {
        while (rs.next()) {
          tables.add(rs.getString("TABLE_NAME"));
        }
      }
      assertThat(tables).contains("CONNECTOR_JOBS", "IDEMPOTENCY_RECORDS", "CONNECTOR_AUDIT_EVENTS");
      for (String table : tables) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
          while (rs.next()) {
            for (int col = 1; col <= rs.getMetaData().getColumnCount(); col++) {
              assertThat(String.valueOf(rs.getObject(col))).as(table).doesNotContain(CANARY);
            }
          }
        }
      }
    }
  }
}
