package io.cynodeai.connector.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.api.instance.ConcurrencyLimits;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.policy.PolicyDecision;
import io.cynodeai.connector.api.spec.SpecChange;
import io.cynodeai.connector.api.spec.SpecOutcome;
import io.cynodeai.connector.api.spec.SpecSource;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.audit.RecordingAuditSink;
import io.cynodeai.connector.core.store.InMemoryInstanceStore;
import io.cynodeai.connector.spi.JsonResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A spec's concurrency limits (§14) become the instance's, are enforced, and drift back to the spec. */
@Tag("REQ-DECL-003")
class SpecLimitsTest {
  private static final Caller OPS = new Caller("ops-bot", List.of("g1"), "p1");
  private static final Duration DEFAULT_WAIT = ConcurrencyLimits.defaults().maxQueueWait();
  private final RecordingAuditSink audit = new RecordingAuditSink();
  private final InMemoryInstanceStore store = new InMemoryInstanceStore();
  private final MailOpsTestType mail = new MailOpsTestType();
  private final ConnectorEngine engine = ConnectorEngines.builder().register(mail.type()).instanceStore(store)
      .auditSink(audit).policy(ctx -> PolicyDecision.allow("test")).build();
  private final ExecutorService callers = Executors.newFixedThreadPool(3);

  @AfterEach
  void close() {
    mail.release.countDown();
    callers.shutdownNow();
    engine.close();
  }

  private SpecOutcome.Applied apply(String body) {
    SpecOutcome out = engine.specs().apply(new SpecSource("ops-mail.yaml", MailOpsTestType.spec("ops-mail", body)),
        OPS);
    assertThat(out).isInstanceOf(SpecOutcome.Applied.class);
    return (SpecOutcome.Applied) out;
  }

  private ConnectorInstance instance() {
    return store.find("ops-mail").orElseThrow();
  }

  private Outcome invoke(String operation) {
    return engine.invoke(InvocationRequest.of("ops-mail", operation, JsonResources.parse("{}"), OPS));
  }

  @Test
  void theSpecsLimitsCapParallelCallsAndRejectTheOneBeyond() throws Exception {
    apply("limits: {maxParallelInvocations: 2, backpressure: reject}");
    assertThat(instance().concurrencyLimits()).isEqualTo(new ConcurrencyLimits(2,
        ConcurrencyLimits.defaults().queueDepth(), ConcurrencyLimits.Backpressure.REJECT, DEFAULT_WAIT));
    List<Future<Outcome>> running = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      running.add(callers.submit(() -> invoke("slowRead")));
    }
    assertThat(mail.entered.tryAcquire(2, 10, TimeUnit.SECONDS)).isTrue();
    Outcome third = invoke("readInbox");
    assertThat(third).isInstanceOfSatisfying(Failed.class, f -> {
      assertThat(f.failureClass()).isEqualTo(FailureClass.QUOTA_EXCEEDED);
      assertThat(f.code()).isEqualTo("concurrency_limit");
    });
    mail.release.countDown();
    for (Future<Outcome> call : running) {
      assertThat(call.get(10, TimeUnit.SECONDS)).isInstanceOf(Succeeded.class);
    }
    assertThat(invoke("readInbox")).isInstanceOf(Succeeded.class);
  }

  @Test
  void changingTheLimitsInTheSpecChangesTheInstanceAudited() {
    apply("limits: {maxParallelInvocations: 4}");
    assertThat(instance().concurrencyLimits().maxParallelInvocations()).isEqualTo(4);
    audit.clear();
    SpecOutcome.Applied out = apply("limits: {maxParallelInvocations: 8, queueDepth: 3, backpressure: queue}");
    assertThat(out.changes().get(0).fields()).extracting(SpecChange.FieldChange::pointer)
        .containsExactlyInAnyOrder("/spec/limits/maxParallelInvocations", "/spec/limits/queueDepth",
            "/spec/limits/backpressure");
    assertThat(instance().concurrencyLimits()).isEqualTo(
        new ConcurrencyLimits(8, 3, ConcurrencyLimits.Backpressure.QUEUE, DEFAULT_WAIT));
    assertThat(audit.events(e -> e.type() == AuditEventType.LIFECYCLE)).extracting(AuditEvent::action)
        .containsExactly("update_concurrency_limits");
    apply("inbound: {subscriptions: []}"); // limits removed from the spec: back to the defaults
    assertThat(instance().concurrencyLimits()).isEqualTo(ConcurrencyLimits.defaults());
  }

  @Test
  void limitsChangedOutsideTheSpecShowAsDriftAndAreConverged() {
    apply("limits: {maxParallelInvocations: 2, backpressure: reject}");
    ConnectorInstance before = instance();
    store.replace(before.withConcurrencyLimits(ConcurrencyLimits.queue(50, 7, DEFAULT_WAIT), before.updatedAt()));
    SpecOutcome.Applied diff = (SpecOutcome.Applied) engine.specs().diff(new SpecSource("ops-mail.yaml",
        MailOpsTestType.spec("ops-mail", "limits: {maxParallelInvocations: 2, backpressure: reject}")), OPS);
    assertThat(diff.changes().get(0).kind()).isEqualTo(SpecChange.Kind.UPDATE);
    assertThat(diff.changes().get(0).fields()).extracting(f -> f.pointer(), f -> f.before().asText(),
        f -> f.after() == null ? null : f.after().asText())
        .containsExactlyInAnyOrder(tuple("/spec/limits/maxParallelInvocations", "50", "2"),
            tuple("/spec/limits/queueDepth", "7", null), tuple("/spec/limits/backpressure", "queue", "reject"));
    audit.clear();
    SpecOutcome.Applied reconciled = (SpecOutcome.Applied) engine.specs().reconcile(OPS);
    assertThat(reconciled.changes()).extracting(SpecChange::kind).containsExactly(SpecChange.Kind.UPDATE);
    assertThat(instance().concurrencyLimits()).isEqualTo(before.concurrencyLimits());
    assertThat(audit.events(e -> e.type() == AuditEventType.SPEC)).singleElement()
        .satisfies(e -> assertThat(e.details()).containsEntry("drift_overwritten", "true"));
    assertThat(((SpecOutcome.Applied) engine.specs().reconcile(OPS)).changes()).isEmpty();
  }
}
