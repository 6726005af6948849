package io.cynodeai.connector.core.spec.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.policy.PolicyDecision;
import io.cynodeai.connector.api.spec.ConnectorSpec;
import io.cynodeai.connector.api.spec.SpecOutcome;
import io.cynodeai.connector.api.spec.SpecSource;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.audit.AuditQuery;
import io.cynodeai.connector.core.integration.PostgresDatabases;
import io.cynodeai.connector.core.spec.ImapTestType;
import io.cynodeai.connector.core.store.Stores;
import io.cynodeai.connector.core.tenancy.TenancyRules;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A spec batch on database stores is one transaction: when a spec fails part-way (here the third, refused by
 * the tenancy boundary at install, after the first two were written), the database holds exactly what it held
 * before: no new instance (not even a soft-deleted one), no changed instance, no new spec version, and in the
 * audit store only the refusal.
 */
class SpecBatchTransactionTest {
  private static final Caller OPS = new Caller("ops-bot", List.of("7b2c..."), "3a91...");

  @TempDir
  Path dir;

  private static String spec(String name, int port, String project) {
    return ImapTestType.seedExample().replace("name: ops-mail", "name: " + name)
        .replace("port: 993", "port: " + port).replace("projectId: 3a91...", "projectId: " + project);
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  @Tag("REQ-DECL-009")
  @Tag("REQ-DECL-017")
  void aBatchFailingPartWayLeavesTheDatabaseAsItWas(String which) {
    HikariDataSource pg = which.equals("postgres") ? PostgresDatabases.newDatabase("spec_tx", 8) : null;
    try (Stores stores = pg != null ? Stores.postgres(pg) : Stores.h2(dir.resolve("state"));
        ConnectorEngine engine = ConnectorEngines.builder().register(new ImapTestType().type("1.0.0"))
            .stores(stores).auditSink(Objects.requireNonNull(stores.audit())).tenancy(TenancyRules.strict())
            .credentials(ImapTestType.vault())
            .policy(ctx -> PolicyDecision.allow("test")).build()) {
      Instant start = Instant.now();
      assertThat(engine.specs().apply(SpecSource.of(spec("mail-a", 993, "3a91...")), OPS))
          .isInstanceOf(SpecOutcome.Applied.class);
      ConnectorInstance before = stores.instances().find("mail-a").orElseThrow();

      SpecOutcome out = engine.specs().apply(SpecSource.of(spec("mail-a", 994, "3a91...") + "---\n"
          + spec("mail-b", 993, "3a91...") + "---\n" + spec("mail-c", 993, "someone-elses")), OPS);

      assertThat(out).isInstanceOf(SpecOutcome.Refused.class);
      SpecOutcome.Refused rejected = (SpecOutcome.Refused) out;
      assertThat(rejected.failure().code()).isEqualTo("tenant_boundary");
      assertThat(rejected.problems()).extracting(p -> p.document()).containsExactly(2);
      ConnectorInstance after = stores.instances().find("mail-a").orElseThrow();
      assertThat(after.config()).isEqualTo(before.config());
      assertThat(after.resourceVersion()).isEqualTo(before.resourceVersion());
      assertThat(stores.instances().find("mail-b")).isEmpty();
      assertThat(stores.instances().find("mail-c")).isEmpty();
      assertThat(stores.specs().list()).extracting(ConnectorSpec::name).containsExactly("mail-a");
      assertThat(stores.specs().find("mail-a").orElseThrow().metadata().resourceVersion()).isEqualTo("1");
      List<AuditEvent> specEvents = Objects.requireNonNull(stores.audit())
          .query(AuditQuery.between(start.minusSeconds(60), Instant.now().plusSeconds(60))).events().stream()
          .filter(e -> e.action().startsWith("spec.")).toList();
      assertThat(specEvents).extracting(AuditEvent::action, AuditEvent::outcome).containsExactly(
          org.assertj.core.groups.Tuple.tuple("spec.apply", AuditEvent.SUCCEEDED),
          org.assertj.core.groups.Tuple.tuple("spec.apply", "policy_denied"));
      assertThat(specEvents.get(1).connectorInstanceId()).isEqualTo("mail-c");

      SpecOutcome retried = engine.specs().apply(SpecSource.of(spec("mail-a", 994, "3a91...") + "---\n"
          + spec("mail-b", 993, "3a91...")), OPS);
      assertThat(retried).isInstanceOf(SpecOutcome.Applied.class);
      assertThat(stores.instances().find("mail-a").orElseThrow().config().get("port").asInt()).isEqualTo(994);
      assertThat(stores.specs().find("mail-b")).isPresent();
    } finally {
      if (pg != null) {
        pg.close();
      }
    }
  }
}
