package io.cynodeai.connector.benchmarks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import dev.failsafe.Timeout;
import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.Violation;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.api.audit.AuditSink;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.instance.StatusUpdate;
import io.cynodeai.connector.api.policy.Action;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.audit.Slf4jJsonAuditSink;
import io.cynodeai.connector.core.schema.JsonSchemaValidator;
import io.cynodeai.connector.core.store.InMemoryInstanceStore;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.OperationHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one synchronous invocation through the engine, against two baselines measured in the same
 * run on the same ~1 KB document ({@link Fixtures}):
 *
 * <ul>
 *   <li>{@link #baselineHandlerCall}: calling the no-op handler directly, the floor;
 *   <li>{@link #mandatoryParts}: what any correct implementation does per call — validate the request and the
 *       response against their compiled schemas (the core's public {@link JsonSchemaValidator}, which compiles
 *       and validates as the engine does), call the handler and serialize the response;
 *   <li>{@link #fullPipeline}: {@code engine.invoke} through a real engine (in-memory store, allow-all
 *       policy, an audit sink that drops events) for an operation declared interruptible, which runs on the
 *       caller's thread under the watchdog (the sync fast path); {@link #fullPipelineIsolated}, the same for an
 *       operation that is not, which hops to a handler thread and back; {@link #fullPipelineWithJsonAudit}, the
 *       fast path with an audit sink that renders every event as the default sink's JSON line.
 * </ul>
 *
 * <p>The {@code stage*} benchmarks measure parts of the pipeline one by one, to explain the differences, and
 * {@link #hostNewRequest} a cost on the host's side. The {@code *_2threads} variants run two caller threads
 * against one shared engine. Everything here uses the public API of connector-api, -spi and -core only.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@Threads(1)
@State(Scope.Benchmark)
public class PipelineBenchmark {
  static final Caller CALLER = Caller.user("alice", "proj-a");

  private final HandlerResult response = HandlerResult.of(Fixtures.DOCUMENT);
  private final OperationHandler handler = (context, input) -> response;
  private final JsonNode input = Fixtures.DOCUMENT;
  private final Clock clock = Clock.systemUTC();
  private final LongAdder auditJsonChars = new LongAdder();
  private final ExecutorService callerRuns = new CallerRunsExecutor();
  private final ObjectMapper mapper = JsonMapper.builder().build();

  private JsonSchemaValidator requestSchema;
  private JsonSchemaValidator responseSchema;
  private BenchContext context;
  private InvocationRequest request;
  private ConnectorEngine engine;
  private ConnectorEngine engineIsolated;
  private ConnectorEngine engineWithJsonAudit;
  private InMemoryInstanceStore scratchStore;
  private ExecutorService handlerThreads;
  private ScheduledThreadPoolExecutor timer;
  private AuditEvent auditEvent;

  @Setup(Level.Trial)
  public void setUp() {
    requestSchema = JsonSchemaValidator.of(Fixtures.REQUEST_SCHEMA);
    responseSchema = JsonSchemaValidator.of(Fixtures.RESPONSE_SCHEMA);
    context = BenchContext.of(clock);
    request = InvocationRequest.of(Fixtures.INSTANCE_ID, Fixtures.OPERATION, input, CALLER);
    engine = engine(event -> { }, true);
    engineIsolated = engine(event -> { }, false);
    engineWithJsonAudit = engine(event -> auditJsonChars.add(Slf4jJsonAuditSink.toJson(event).length()), true);
    scratchStore = new InMemoryInstanceStore();
    ConnectorEngine scratch = ConnectorEngines.builder().register(Fixtures.type(handler))
        .instanceStore(scratchStore).auditSink(event -> { }).policy(PolicyEngine.allowAll()).build();
    install(scratch);
    scratch.close();
    handlerThreads = Executors.newCachedThreadPool(runnable -> { // what the engine uses on Java 17
      Thread thread = new Thread(runnable, "benchmark-handler");
      thread.setDaemon(true);
      return thread;
    });
    timer = new ScheduledThreadPoolExecutor(1, runnable -> {
      Thread thread = new Thread(runnable, "benchmark-timer");
      thread.setDaemon(true);
      return thread;
    });
    timer.setRemoveOnCancelPolicy(true);
    auditEvent = auditEvent(request, clock.instant());
    if (!requestSchema.accepts(input) || !responseSchema.accepts(input)) {
      throw new IllegalStateException("the fixture document does not match its schemas");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    engine.close();
    engineIsolated.close();
    engineWithJsonAudit.close();
    handlerThreads.shutdownNow();
    timer.shutdownNow();
    if (auditJsonChars.sum() == 0) {
      throw new IllegalStateException("the JSON audit sink never ran");
    }
  }

  private ConnectorEngine engine(AuditSink sink, boolean interruptible) {
    ConnectorEngine built = ConnectorEngines.builder().register(Fixtures.type(handler, interruptible))
        .instanceStore(new InMemoryInstanceStore()).auditSink(sink).policy(PolicyEngine.allowAll()).build();
    install(built);
    Outcome outcome = built.invoke(request);
    if (!(outcome instanceof Succeeded)) {
      throw new IllegalStateException("the benchmark invocation does not succeed: " + outcome);
    }
    return built;
  }

  static void install(ConnectorEngine target) {
    LifecycleOutcome installed = target.instances().install(
        InstanceDefinition.builder(Fixtures.INSTANCE_ID, Fixtures.TYPE_NAME).config(Fixtures.CONFIG)
            .owner(OwnerScope.user("alice")).projectId("proj-a").build(), CALLER);
    LifecycleOutcome enabled = target.instances().enable(Fixtures.INSTANCE_ID, CALLER);
    if (!(installed instanceof LifecycleOutcome.Applied) || !(enabled instanceof LifecycleOutcome.Applied)) {
      throw new IllegalStateException("instance setup failed: " + installed + ", " + enabled);
    }
  }

  // ---- (a) the floor

  @Benchmark
  public HandlerResult baselineHandlerCall() throws Exception {
    return handler.handle(context, input);
  }

  // ---- (b) what any correct implementation must do per call

  @Benchmark
  public int mandatoryParts() throws Exception {
    List<Violation> requestViolations = requestSchema.validate(input);
    HandlerResult result = handler.handle(context, input);
    JsonNode data = result.json();
    List<Violation> responseViolations = responseSchema.validate(data);
    byte[] serialized = mapper.writeValueAsBytes(data);
    return requestViolations.size() + responseViolations.size() + serialized.length;
  }

  @Benchmark
  @Threads(2)
  public int mandatoryParts_2threads() throws Exception {
    return mandatoryParts();
  }

  // ---- (c), (d) the engine

  @Benchmark
  public Outcome fullPipeline() {
    return engine.invoke(request);
  }

  @Benchmark
  @Threads(2)
  public Outcome fullPipeline_2threads() {
    return engine.invoke(request);
  }

  @Benchmark
  public Outcome fullPipelineWithJsonAudit() {
    return engineWithJsonAudit.invoke(request);
  }

  @Benchmark
  @Threads(2)
  public Outcome fullPipelineWithJsonAudit_2threads() {
    return engineWithJsonAudit.invoke(request);
  }

  // ---- the isolated path: an operation that is not declared interruptible hops to a handler thread

  @Benchmark
  public Outcome fullPipelineIsolated() {
    return engineIsolated.invoke(request);
  }

  @Benchmark
  @Threads(2)
  public Outcome fullPipelineIsolated_2threads() {
    return engineIsolated.invoke(request);
  }

  // ---- the parts, one by one

  /** The hand-off the engine makes to run a handler on another thread: a bare submit and get. */
  @Benchmark
  public HandlerResult stageExecutorSubmitGet() throws InterruptedException, ExecutionException {
    return handlerThreads.submit(() -> handler.handle(context, input)).get();
  }

  @Benchmark
  @Threads(2)
  public HandlerResult stageExecutorSubmitGet_2threads() throws InterruptedException, ExecutionException {
    return stageExecutorSubmitGet();
  }

  /** The same hand-off, with the caller waiting at most the timeout (how a timeout can be had without Failsafe). */
  @Benchmark
  public HandlerResult stageExecutorSubmitTimedGet()
      throws InterruptedException, ExecutionException, TimeoutException {
    return handlerThreads.submit(() -> handler.handle(context, input)).get(10, TimeUnit.SECONDS);
  }

  /** The execute stage's Failsafe call as it is made per invocation: policies built, run async, awaited. */
  @Benchmark
  public HandlerResult stageFailsafeGetAsync() throws InterruptedException, ExecutionException {
    return Failsafe.with(timeoutPolicy(), retryPolicy())
        .with(handlerThreads)
        .getAsync(ctx -> handler.handle(context, input))
        .get();
  }

  /** As {@link #stageFailsafeGetAsync} without the Timeout policy, which schedules a timer task per call. */
  @Benchmark
  public HandlerResult stageFailsafeGetAsyncNoTimeout() throws InterruptedException, ExecutionException {
    return Failsafe.with(retryPolicy())
        .with(handlerThreads)
        .getAsync(ctx -> handler.handle(context, input))
        .get();
  }

  /** Failsafe's own cost, without a hand-off: the execute stage's call with the attempt run on the caller. */
  @Benchmark
  public HandlerResult stageFailsafeInline() throws InterruptedException, ExecutionException {
    return Failsafe.with(timeoutPolicy(), retryPolicy())
        .with(callerRuns)
        .getAsync(ctx -> handler.handle(context, input))
        .get();
  }

  @Benchmark
  public HandlerResult stageFailsafeInlineNoTimeout() throws InterruptedException, ExecutionException {
    return Failsafe.with(retryPolicy())
        .with(callerRuns)
        .getAsync(ctx -> handler.handle(context, input))
        .get();
  }

  /**
   * What a Failsafe Timeout does per call, without Failsafe: schedule a 10 s timer task on a one-thread
   * scheduler that removes cancelled tasks (as Failsafe's shared delay scheduler does), then cancel it.
   */
  @Benchmark
  public boolean stageTimerScheduleCancel() {
    ScheduledFuture<?> task = timer.schedule(() -> { }, 10, TimeUnit.SECONDS);
    return task.cancel(true);
  }

  /** Building the timeout and retry policies, which the execute stage does on every call. */
  @Benchmark
  public Object stageFailsafePolicyBuild() {
    return Failsafe.with(timeoutPolicy(), retryPolicy());
  }

  @Benchmark
  public List<Violation> stageValidateRequest() {
    return requestSchema.validate(input);
  }

  @Benchmark
  public List<Violation> stageValidateResponse() {
    return responseSchema.validate(input);
  }

  /** An exact size measurement as the engine's caps count bytes: a serialization into a counting stream. */
  @Benchmark
  public long stageSizeOf() {
    return JsonSchemaValidator.sizeOf(input);
  }

  @Benchmark
  public byte[] stageSerializeResponse() throws JsonProcessingException {
    return mapper.writeValueAsBytes(input);
  }

  /** The audit event the record stage builds for every call. */
  @Benchmark
  public AuditEvent stageAuditEventBuild() {
    return auditEvent(request, clock.instant());
  }

  /** The default sink's JSON line for one invocation event. */
  @Benchmark
  public String stageAuditToJson() {
    return Slf4jJsonAuditSink.toJson(auditEvent);
  }

  /** The record stage's health update after a success: a copy of the instance in the store. */
  @Benchmark
  public void stageInstanceStatusUpdate() {
    scratchStore.updateStatus(Fixtures.INSTANCE_ID, StatusUpdate.succeededAt(clock.instant()));
  }

  /** Host side, not engine: a request with a fresh random UUID, as {@code InvocationRequest.of} makes. */
  @Benchmark
  public InvocationRequest hostNewRequest() {
    return InvocationRequest.of(Fixtures.INSTANCE_ID, Fixtures.OPERATION, input, CALLER);
  }

  private static Timeout<HandlerResult> timeoutPolicy() {
    return Timeout.<HandlerResult>builder(Duration.ofSeconds(10)).withInterrupt().build();
  }

  /** The retry policy the execute stage builds for an operation with retries (2, exponential, jitter). */
  private static RetryPolicy<HandlerResult> retryPolicy() {
    return RetryPolicy.<HandlerResult>builder()
        .handleIf((r, e) -> e instanceof IllegalStateException)
        .abortIf((r, e) -> e instanceof IllegalArgumentException)
        .withMaxRetries(2)
        .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(5))
        .withJitter(0.2)
        .withDelayFn(ctx -> Duration.ofMillis(-1))
        .build();
  }

  private static AuditEvent auditEvent(InvocationRequest request, Instant now) {
    return AuditEvent.builder(AuditEventType.INVOCATION, now)
        .action(Action.OPERATION_INVOKE.wireName())
        .request(request.requestId(), request.correlationId())
        .caller(request.caller().userId(), request.caller().projectId())
        .instance(request.instanceId(), Fixtures.TYPE_NAME)
        .operation(request.operation(), request.mode())
        .durationMs(0)
        .providerStatusCode(null)
        .retryCount(0)
        .policyDecision("allow: allow-all policy")
        .succeeded()
        .detail("connector_type_version", "1.0.0")
        .build();
  }
}
