package io.cynodeai.connector.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.ConnectorException;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.api.policy.PolicyDecision;
import io.cynodeai.connector.core.audit.RecordingAuditSink;
import io.cynodeai.connector.core.catalog.CatalogEntry;
import io.cynodeai.connector.core.catalog.CatalogOutcome;
import io.cynodeai.connector.core.catalog.ConnectorCatalog;
import io.cynodeai.connector.core.catalog.InMemoryCatalogStore;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.JsonResources;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * §3.1 where a type version enters: an engine refuses to register a minor or patch version that breaks the
 * version before it in its major version, and so does the catalog on submission and approval, each with the
 * compatibility checker's report.
 */
@Tag("REQ-VER-002")
class MinorVersionsAdditiveTest {
  private static final Caller DEV = Caller.user("dev", "proj-a");
  private static final Caller SEC = Caller.user("sec", "proj-a");

  /** Version {@code version} of "notes"; {@code timeoutSeconds} is the echo operation's max timeout. */
  private static ConnectorType notes(String version, int timeoutSeconds) {
    return ConnectorType.builder("notes", version).configSchema("1", TestTypes.CONFIG_SCHEMA)
        .operation(TestTypes.echo((ctx, in) -> HandlerResult.of(in)).maxTimeout(Duration.ofSeconds(timeoutSeconds)))
        .build();
  }

  /** Adds an optional request property: additive. */
  private static ConnectorType notesWithOptionalInput(String version) {
    return ConnectorType.builder("notes", version).configSchema("1", TestTypes.CONFIG_SCHEMA)
        .operation(TestTypes.echo((ctx, in) -> HandlerResult.of(in))
        .maxTimeout(Duration.ofSeconds(10)).requestSchema(JsonResources.parse("""
            {"type":"object","required":["text"],"additionalProperties":false,
             "properties":{"text":{"type":"string","maxLength":5000},"count":{"type":"integer","minimum":0},
             "tag":{"type":"string"}}}"""))).build();
  }

  @Test
  void engineRefusesAMinorVersionThatBreaksThePreviousOneWithTheCheckersReport() {
    EngineBuilder builder = ConnectorEngines.builder().register(notes("1.0.0", 10)).register(notes("1.1.0", 5));
    assertThatThrownBy(builder::build).isInstanceOf(ConnectorException.class)
        .hasMessageContaining("notes@1.0.0 -> notes@1.1.0: not allowed, 1 breaking change need a major version")
        .hasMessageContaining("TIMEOUT_REDUCED at operation echo maxTimeout: 10000 ms -> 5000 ms");
  }

  @Test
  void engineRefusesABreakingPatchVersionButComparesOnlyNeighboursWithinAMajorVersion() {
    assertThatThrownBy(() -> ConnectorEngines.builder().register(notes("1.0.0", 10)).register(notes("1.0.1", 5))
        .build()).isInstanceOf(ConnectorException.class).hasMessageContaining("notes@1.0.0 -> notes@1.0.1");
    assertThatThrownBy(() -> ConnectorEngines.builder().register(notes("1.2.0", 5)).register(notes("1.0.0", 10))
        .register(notes("1.1.0", 10)).build()).isInstanceOf(ConnectorException.class)
        .hasMessageContaining("notes@1.1.0 -> notes@1.2.0").hasMessageNotContaining("notes@1.0.0 ->");
  }

  @Test
  void engineAcceptsAdditiveMinorVersionsAndBreakingMajorVersions() {
    try (ConnectorEngine engine = ConnectorEngines.builder().register(notes("1.0.0", 10))
        .register(notesWithOptionalInput("1.1.0")).register(notes("2.0.0", 5)).register(notes("2.1.0", 6))
        .build()) {
      assertThat(engine).isNotNull();
    }
  }

  @Test
  void engineBuiltWithTheExplicitOptOutRegistersABreakingPair() {
    try (ConnectorEngine engine = ConnectorEngines.builder().register(notes("1.0.0", 10))
        .register(notes("1.1.0", 5)).allowIncompatibleMinorVersions().build()) {
      assertThat(engine).isNotNull();
    }
  }

  private final RecordingAuditSink audit = new RecordingAuditSink();
  private final ConnectorCatalog catalog = ConnectorCatalog.create(new InMemoryCatalogStore(),
      ctx -> PolicyDecision.allow("test"), audit, Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC));

  private static Failed refusal(CatalogOutcome<CatalogEntry> outcome) {
    assertThat(outcome).isInstanceOf(CatalogOutcome.Refused.class);
    return ((CatalogOutcome.Refused<CatalogEntry>) outcome).failure();
  }

  @Test
  void catalogRefusesToSubmitAMinorVersionThatBreaksThePreviousOne() {
    assertThat(catalog.submit(notes("1.0.0", 10), DEV)).isInstanceOf(CatalogOutcome.Applied.class);
    Failed refused = refusal(catalog.submit(notes("1.1.0", 5), DEV));
    assertThat(refused.failureClass()).isEqualTo(FailureClass.VALIDATION_ERROR);
    assertThat(refused.code()).isEqualTo("incompatible_version");
    assertThat(refused.message()).contains("notes@1.0.0 -> notes@1.1.0: not allowed",
        "TIMEOUT_REDUCED at operation echo maxTimeout: 10000 ms -> 5000 ms");
    assertThat(catalog.entry("notes", "1.1.0", DEV)).isEmpty();
    assertThat(audit.events(e -> e.type() == AuditEventType.CATALOG)).last()
        .satisfies(e -> assertThat(e.errorCode()).isEqualTo("incompatible_version"));

    assertThat(catalog.submit(notesWithOptionalInput("1.1.0"), DEV)).isInstanceOf(CatalogOutcome.Applied.class);
    assertThat(catalog.submit(notes("2.0.0", 5), DEV)).as("a major version may break")
        .isInstanceOf(CatalogOutcome.Applied.class);
  }

  @Test
  void catalogRefusesAnOlderVersionThatTheNextOneInItsMajorWouldBreak() {
    assertThat(catalog.submit(notes("1.2.0", 5), DEV)).isInstanceOf(CatalogOutcome.Applied.class);
    Failed refused = refusal(catalog.submit(notes("1.1.0", 10), DEV));
    assertThat(refused.code()).isEqualTo("incompatible_version");
    assertThat(refused.message()).contains("notes@1.1.0 -> notes@1.2.0: not allowed");
  }

  @Test
  void catalogComparesOnlyVersionsItHoldsTheDescriptorOfAndThatAreNotRejected() {
    assertThat(catalog.submit(notes("1.0.0", 10), DEV)).isInstanceOf(CatalogOutcome.Applied.class);
    assertThat(catalog.reject("notes", "1.0.0", "superseded", SEC)).isInstanceOf(CatalogOutcome.Applied.class);
    assertThat(catalog.submit(notes("1.1.0", 5), DEV)).as("1.0.0 was rejected")
        .isInstanceOf(CatalogOutcome.Applied.class);
    assertThat(catalog.submit("notes", "1.0.1", DEV)).as("submitted by name: no descriptor to compare")
        .isInstanceOf(CatalogOutcome.Applied.class);
    assertThat(refusal(catalog.submit(notes("1.0.0", 10), DEV)).message())
        .as("resubmitting 1.0.0 with its descriptor: 1.1.0 breaks it").contains("notes@1.0.0 -> notes@1.1.0");
  }
}
