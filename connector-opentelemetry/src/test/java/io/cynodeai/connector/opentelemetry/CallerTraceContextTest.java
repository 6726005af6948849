package io.cynodeai.connector.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.job.Job;
import io.cynodeai.connector.api.job.JobAttempt;
import io.cynodeai.connector.api.job.JobService;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.store.InMemoryInstanceStore;
import io.cynodeai.connector.core.store.InMemoryJobStore;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spi.OperationDescriptor;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The caller's W3C trace context travels on the request: the invocation span's parent without the host making
 * anything current, and through a job's record to the node that runs it.
 */
@Tag("REQ-OBS-004")
class CallerTraceContextTest {
  private static final Caller ALICE = Caller.user("alice", "proj-a");
  private static final String INSTANCE = "svc-1";
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String PARENT_ID = "00f067aa0ba902b7";
  private static final String TRACEPARENT = "00-" + TRACE_ID + "-" + PARENT_ID + "-01";
  private static final String TRACESTATE = "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7";

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final InMemoryInstanceStore instances = new InMemoryInstanceStore();
  private final InMemoryJobStore jobs = new InMemoryJobStore();
  private OpenTelemetrySdk otel;
  private ConnectorEngine engine;

  @BeforeEach
  void start() {
    otel = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
        .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()).build();
    engine = ConnectorEngines.builder().register(type()).policy(PolicyEngine.allowAll())
        .instanceStore(instances).jobStore(jobs).jobs(j -> j.withWorkers("runner", 1, Duration.ofSeconds(5)))
        .observer(OpenTelemetryTracing.of(otel)).build();
    engine.instances().install(InstanceDefinition.builder(INSTANCE, "svc").config(JsonResources.parse("{}"))
        .owner(OwnerScope.user("alice")).projectId("proj-a").build(), ALICE);
    engine.instances().enable(INSTANCE, ALICE);
  }

  @AfterEach
  void stop() {
    engine.close();
    otel.close();
  }

  private static ConnectorType type() {
    JsonNode object = JsonResources.parse("{\"type\":\"object\"}");
    return ConnectorType.builder("svc", "1.0.0").configSchema("1", object)
        .operation(OperationDescriptor.builder("echo").modes(ExecutionMode.SYNC, ExecutionMode.ASYNC)
            .requestSchema(object).responseSchema(object).handler((ctx, in) -> HandlerResult.of(in)))
        .build();
  }

  private static InvocationRequest echo() {
    return InvocationRequest.of(INSTANCE, "echo", JsonResources.parse("{}"), ALICE);
  }

  private SpanData span(String name) {
    List<SpanData> named = exporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
    assertThat(named).as("spans named '%s'", name).hasSize(1);
    return named.get(0);
  }

  @Test
  void theRequestsTraceparentIsTheInvocationsParentWithoutTheHostMakingItCurrent() {
    assertThat(engine.invoke(echo().withTraceparent(TRACEPARENT, TRACESTATE))).isInstanceOf(Succeeded.class);

    SpanData call = span("invoke echo");
    assertThat(call.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(call.getParentSpanId()).isEqualTo(PARENT_ID);
    assertThat(call.getParentSpanContext().isRemote()).isTrue();
    assertThat(call.getParentSpanContext().isSampled()).isTrue();
    assertThat(call.getSpanContext().getTraceState().get("congo")).isEqualTo("t61rcWkgMzE");
    assertThat(call.getSpanContext().getTraceState().get("rojo")).isEqualTo(PARENT_ID);
    assertThat(call.getAttributes().get(SpanAttributes.CORRELATION_ID)).isEqualTo(TRACE_ID);
    assertThat(span("attempt echo").getParentSpanId()).isEqualTo(call.getSpanId());
  }

  @Test
  void aHostSpanOfTheSameTraceStaysTheParent() {
    Span server = otel.getTracer("host").spanBuilder("POST /calls").setSpanKind(SpanKind.SERVER)
        .setParent(OpenTelemetryTracing.parentOf(TRACEPARENT)).startSpan();
    try (Scope scope = server.makeCurrent()) {
      assertThat(engine.invoke(echo().withTraceparent(TRACEPARENT))).isInstanceOf(Succeeded.class);
    } finally {
      server.end();
    }

    SpanData call = span("invoke echo");
    assertThat(call.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(call.getParentSpanId()).as("the host's server span, a closer parent than the remote caller")
        .isEqualTo(span("POST /calls").getSpanId());
  }

  @Test
  void theRequestsTraceparentWinsOverAnUnrelatedCurrentSpan() {
    Span unrelated = otel.getTracer("host").spanBuilder("background").startSpan();
    try (Scope scope = unrelated.makeCurrent()) {
      assertThat(engine.invoke(echo().withTraceparent(TRACEPARENT))).isInstanceOf(Succeeded.class);
    } finally {
      unrelated.end();
    }

    SpanData call = span("invoke echo");
    assertThat(call.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(call.getParentSpanId()).isEqualTo(PARENT_ID);
  }

  @Test
  void anInvalidTraceparentOnTheRequestIsIgnoredAndTheCallIsARoot() {
    InvocationRequest request = echo().withTraceparent("00-" + TRACE_ID + "-" + "0".repeat(16) + "-01", TRACESTATE);

    assertThat(request.traceContext()).isNull();
    assertThat(engine.invoke(request)).isInstanceOf(Succeeded.class);
    SpanData call = span("invoke echo");
    assertThat(call.getParentSpanContext().isValid()).isFalse();
    assertThat(call.getTraceId()).isNotEqualTo(TRACE_ID);
    assertThat(call.getSpanContext().getTraceState().isEmpty()).isTrue();
  }

  @Test
  void aJobKeepsTheSubmittersTraceInItsRecordAndItsRunOnAnotherNodeContinuesIt() {
    JobService.Submission submission;
    // a submit-only node, untraced, sharing the stores with the traced node that runs the job
    try (ConnectorEngine submitter = ConnectorEngines.builder().register(type()).policy(PolicyEngine.allowAll())
        .instanceStore(instances).jobStore(jobs).jobs(j -> j.withWorkers("submitter", 0, Duration.ofSeconds(5))).build()) {
      submission = submitter.jobs().submit(echo().withMode(ExecutionMode.ASYNC)
          .withTraceparent(TRACEPARENT, TRACESTATE));
    }
    String jobId = ((JobService.Submission.Accepted) submission).jobId();

    Job job = awaitTerminal(jobId);
    assertThat(job.request().path("traceparent").asText()).isEqualTo(TRACEPARENT);
    assertThat(job.request().path("tracestate").asText()).isEqualTo(TRACESTATE);
    assertThat(job.history()).extracting(JobAttempt::node).containsExactly("runner");
    SpanData run = span("job echo");
    assertThat(run.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(run.getParentSpanId()).isEqualTo(PARENT_ID);
    assertThat(run.getParentSpanContext().isRemote()).isTrue();
    assertThat(run.getSpanContext().getTraceState().get("congo")).isEqualTo("t61rcWkgMzE");
    assertThat(run.getAttributes().get(SpanAttributes.CORRELATION_ID)).isEqualTo(TRACE_ID);
    SpanData call = span("invoke echo");
    assertThat(call.getParentSpanId()).isEqualTo(run.getSpanId());
    assertThat(call.getTraceId()).isEqualTo(TRACE_ID);
  }

  @Test
  void aJobSubmittedInsideAHostSpanKeepsThatSpanAsItsRunsParent() {
    Span server = otel.getTracer("host").spanBuilder("POST /jobs").setSpanKind(SpanKind.SERVER).startSpan();
    JobService.Submission submission;
    try (Scope scope = server.makeCurrent()) {
      submission = engine.jobs().submit(echo().withMode(ExecutionMode.ASYNC));
    } finally {
      server.end();
    }
    Job job = awaitTerminal(((JobService.Submission.Accepted) submission).jobId());

    SpanData host = span("POST /jobs");
    assertThat(job.request().path("traceparent").asText())
        .startsWith("00-" + host.getTraceId() + "-" + host.getSpanId() + "-");
    assertThat(job.request().path("correlation_id").asText()).as("the request's own, unchanged")
        .isEqualTo(job.request().path("request_id").asText());
    SpanData run = span("job echo");
    assertThat(run.getTraceId()).isEqualTo(host.getTraceId());
    assertThat(run.getParentSpanId()).isEqualTo(host.getSpanId());
  }

  @Test
  void aJobSubmittedWithoutATraceparentRecordsNoneAndRunsAsARoot() {
    JobService.Submission submission = engine.jobs().submit(echo().withMode(ExecutionMode.ASYNC));
    Job job = awaitTerminal(((JobService.Submission.Accepted) submission).jobId());

    assertThat(job.request().has("traceparent")).isFalse();
    assertThat(span("job echo").getParentSpanContext().isValid()).isFalse();
  }

  private Job awaitTerminal(String jobId) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    Optional<Job> job = engine.jobs().get(jobId, ALICE);
    while (!(job.isPresent() && job.get().state().terminal()) && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      job = engine.jobs().get(jobId, ALICE);
    }
    assertThat(job).hasValueSatisfying(j -> assertThat(j.state().terminal()).isTrue());
    return job.orElseThrow();
  }
}
