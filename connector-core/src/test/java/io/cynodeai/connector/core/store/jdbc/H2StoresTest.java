package io.cynodeai.connector.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cynodeai.connector.api.store.IdempotencyClaim;
import io.cynodeai.connector.api.store.StoreException;
import io.cynodeai.connector.core.store.Stores;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2StoresTest extends StoreContract {
  @TempDir
  static Path dir;
  private static Stores stores;

  @BeforeAll
  static void open() {
    stores = Stores.h2(dir.resolve("shared"));
  }

  @AfterAll
  static void close() {
    stores.close();
  }

  @Override
  Stores stores() {
    return stores;
  }

  @Test
  void claimingOneJobByIdLeavesEveryOtherJobPending(@TempDir Path own) {
    try (Stores db = Stores.h2(own.resolve("jobs"), false)) {
      JdbcJobStore jobs = (JdbcJobStore) db.jobs();
      for (String id : java.util.List.of("job-a", "job-b", "job-c")) {
        jobs.submit(new io.cynodeai.connector.api.job.NewJob(id, "user:ops", "inst", "read", null,
            com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode(), 3));
      }

      var claimed = jobs.claim("job-b", "node-1", Duration.ofSeconds(30));

      assertThat(claimed).hasValueSatisfying(j -> {
        assertThat(j.jobId()).isEqualTo("job-b");
        assertThat(j.state()).isEqualTo(io.cynodeai.connector.api.job.JobState.RUNNING);
        assertThat(j.attempts()).isEqualTo(1);
      });
      assertThat(jobs.claim("job-b", "node-1", Duration.ofSeconds(30))).as("already running").isEmpty();
      assertThat(jobs.find("job-a").orElseThrow().state()).isEqualTo(io.cynodeai.connector.api.job.JobState.PENDING);
      assertThat(jobs.find("job-c").orElseThrow().attempts()).isZero();
      assertThat(jobs.claim("no-such-job", "node-1", Duration.ofSeconds(30))).isEmpty();
    }
  }

  @Test
  void reopeningTheFileKeepsInstancesIdempotencyRecordsCursorsAndSpecs(@TempDir Path own) {
    Path file = own.resolve("connectors");
    try (Stores first = Stores.h2(file)) {
      first.instances().create(instance("kept-1"));
      String token = ((IdempotencyClaim.Acquired) first.idempotency().claim(key("kept"), "fp",
          Duration.ofSeconds(30), Duration.ofHours(1))).token();
      first.idempotency().complete(key("kept"), token, success("before restart"));
      first.cursors().put("kept-1", "inbox", "9");
      first.specs().put(spec("kept-spec", "uid-k", "3", true));
    }
    try (Stores second = Stores.h2(file)) {
      assertThat(second.instances().find("kept-1")).isPresent();
      assertThat(second.idempotency().claim(key("kept"), "fp", Duration.ofSeconds(30), Duration.ofHours(1)))
          .isEqualTo(new IdempotencyClaim.Completed(success("before restart")));
      assertThat(second.cursors().get("kept-1", "inbox")).contains("9");
      assertThat(second.specs().find("kept-spec")).contains(spec("kept-spec", "uid-k", "3", true));
    }
  }

  @Test
  void migrationsRunOnceAndAreRecorded(@TempDir Path own) {
    Path file = own.resolve("m");
    try (Stores first = Stores.h2(file)) {
      assertThat(new Migrations(first.database()).applied()).containsExactlyElementsOf(ALL_VERSIONS);
    }
    try (Stores again = Stores.h2(file)) {
      assertThat(new Migrations(again.database()).applied()).containsExactlyElementsOf(ALL_VERSIONS);
    }
  }

  @Test
  void fileThatCannotBeOpenedIsAClearFailure(@TempDir Path own) throws Exception {
    java.nio.file.Files.writeString(own.resolve("plain-file"), "not a directory");
    assertThatThrownBy(() -> Stores.h2(own.resolve("plain-file").resolve("db")))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith("cannot connect to the store database");
  }

  @Test
  void migrationScriptsSplitIntoStatements() {
    assertThat(Migrations.statements("-- c\nCREATE TABLE a (x INT);\n\nCREATE INDEX i ON a (x);\n"))
        .containsExactly("CREATE TABLE a (x INT)", "CREATE INDEX i ON a (x)");
  }

  /**
   * H2 reads every row a {@code FOR UPDATE} query matches, so a claim that locked "the first due job" directly
   * scanned the whole backlog; the claim read picks its candidates in an index-sorted subquery instead. With
   * 5,000 pending jobs, no step of the plan reads more than a few rows.
   */
  @Test
  void claimReadsOnlyAFewRowsWithALargeBacklog(@TempDir Path own) throws Exception {
    try (Stores big = Stores.h2(own.resolve("claims"));
        java.sql.Connection c = big.database().dataSource().getConnection();
        java.sql.Statement st = c.createStatement()) {
      st.execute("INSERT INTO connector_jobs (job_id, tenant, instance_id, operation, request, state, attempts, "
          + "max_attempts, created_at, updated_at, run_after, cancel_requested, history) SELECT 'j' || X, 't', 'i', "
          + "'op', '{}', 'pending', 0, 3, 0, 0, X, FALSE, '[]' FROM SYSTEM_RANGE(1, 5000)");
      JdbcJobStore jobs = new JdbcJobStore(big.database());
      java.util.List<Integer> scans = new java.util.ArrayList<>();
      try (java.sql.ResultSet rs = st.executeQuery("EXPLAIN ANALYZE " + jobs.claimable(
          "state = 'pending' AND run_after <= 10000", "state, run_after", 1))) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("scanCount: (\\d+)").matcher(
            rs.next() ? rs.getString(1) : "");
        while (m.find()) {
          scans.add(Integer.parseInt(m.group(1)));
        }
      }
      assertThat(scans).isNotEmpty().allSatisfy(n -> assertThat(n).isLessThan(100));
      assertThat(big.jobs().claim("n1", 2, Duration.ofSeconds(30))).extracting(j -> j.jobId())
          .containsExactlyInAnyOrder("j1", "j2");
    }
  }
}
