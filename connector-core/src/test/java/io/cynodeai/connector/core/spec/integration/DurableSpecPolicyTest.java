package io.cynodeai.connector.core.spec.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.instance.ConcurrencyLimits;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.policy.PolicyDecision;
import io.cynodeai.connector.api.spec.SpecChange;
import io.cynodeai.connector.api.spec.SpecOutcome;
import io.cynodeai.connector.api.spec.SpecSource;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.spec.MailOpsTestType;
import io.cynodeai.connector.core.store.Stores;
import io.cynodeai.connector.spi.JsonResources;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A spec's policy and limits on H2 stores: enforced, and still enforced by the next engine on that file. */
class DurableSpecPolicyTest {
  private static final Caller OPS = new Caller("ops-bot", List.of("g1"), "p1");
  private static final String BODY = """
      policy: {allowOperations: [readInbox, send], actionScope: [connector.read, connector.write]}
      limits: {maxParallelInvocations: 3, backpressure: reject}
      """;
  private static final ConcurrencyLimits LIMITS = new ConcurrencyLimits(3, ConcurrencyLimits.defaults().queueDepth(),
      ConcurrencyLimits.Backpressure.REJECT, ConcurrencyLimits.defaults().maxQueueWait());

  private static ConnectorEngine engine(Stores stores) {
    return ConnectorEngines.builder().register(new MailOpsTestType().type()).stores(stores)
        .policy(ctx -> PolicyDecision.allow("host allows")).build();
  }

  private static Outcome invoke(ConnectorEngine engine, String operation) {
    return engine.invoke(InvocationRequest.of("ops-mail", operation, JsonResources.parse("{}"), OPS)
        .withIdempotencyKey(UUID.randomUUID().toString()));
  }

  private static void assertDenied(Outcome outcome, String message) {
    assertThat(outcome).isInstanceOfSatisfying(Failed.class, f -> {
      assertThat(f.failureClass()).isEqualTo(FailureClass.POLICY_DENIED);
      assertThat(f.message()).contains(message);
    });
  }

  @Test
  @Tag("REQ-DECL-010")
  @Tag("REQ-DECL-003")
  void theSpecsPolicyAndLimitsHoldOnH2AndAcrossARestart(@TempDir Path dir) {
    try (Stores stores = Stores.h2(dir.resolve("state")); ConnectorEngine first = engine(stores)) {
      assertThat(first.specs().apply(new SpecSource("ops-mail.yaml", MailOpsTestType.spec("ops-mail", BODY)), OPS))
          .isInstanceOf(SpecOutcome.Applied.class);
      assertThat(invoke(first, "send")).isInstanceOf(Succeeded.class);
      assertDenied(invoke(first, "archive"), "operation 'archive' is not in the spec's allowOperations");
      assertThat(stores.instances().find("ops-mail").orElseThrow().concurrencyLimits()).isEqualTo(LIMITS);
      assertThat(first.specs().apply(new SpecSource("ops-mail.yaml", MailOpsTestType.spec("ops-mail",
          BODY.replace("readInbox, send", "readInbox"))), OPS)).isInstanceOf(SpecOutcome.Applied.class);
      assertDenied(invoke(first, "send"), "operation 'send' is not in the spec's allowOperations");
    }
    try (Stores stores = Stores.h2(dir.resolve("state")); ConnectorEngine second = engine(stores)) {
      assertThat(invoke(second, "readInbox")).isInstanceOf(Succeeded.class);
      assertDenied(invoke(second, "send"), "operation 'send' is not in the spec's allowOperations");
      ConnectorInstance stored = stores.instances().find("ops-mail").orElseThrow();
      assertThat(stored.concurrencyLimits()).isEqualTo(LIMITS);
      stores.instances().replace(stored.withConcurrencyLimits(ConcurrencyLimits.defaults(), stored.updatedAt()));
      SpecOutcome.Applied reconciled = (SpecOutcome.Applied) second.specs().reconcile(OPS);
      assertThat(reconciled.changes()).extracting(SpecChange::kind).containsExactly(SpecChange.Kind.UPDATE);
      assertThat(stores.instances().find("ops-mail").orElseThrow().concurrencyLimits()).isEqualTo(LIMITS);
      assertThat(second.specs().delete("ops-mail", OPS)).isInstanceOf(SpecOutcome.Applied.class);
      assertThat(stores.specs().find("ops-mail")).isEmpty();
    }
  }
}
