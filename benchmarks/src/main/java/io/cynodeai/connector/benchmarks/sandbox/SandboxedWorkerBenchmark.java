package io.cynodeai.connector.benchmarks.sandbox;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.instance.ConcurrencyLimits;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.mcp.bridge.McpServerConnector;
import io.cynodeai.connector.mcp.bridge.McpServerConnectors;
import io.cynodeai.connector.mcp.bridge.McpServerSpec;
import io.cynodeai.connector.sandbox.SandboxLimits;
import io.cynodeai.connector.sandbox.SandboxedConnectors;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.JsonResources;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Warm and cold calls through a real engine, side by side in one run: the same echo operation in process, in a
 * warm sandboxed Java worker, from an MCP server as a plain process and from one inside the sandbox
 * (server-everything's {@code echo}), and cold (a fresh sandboxed child per call). Single caller thread; latency
 * of {@code engine.invoke} per call. Also 100 callers at once through 4 warm workers of one instance.
 *
 * <pre>java -cp CLASSPATH io.cynodeai.connector.benchmarks.sandbox.SandboxedWorkerBenchmark
 *     PATH/TO/server-everything/dist/index.js [warmup] [measured] [cold]</pre>
 */
public final class SandboxedWorkerBenchmark {
  private static final Caller CALLER = Caller.user("bench", "proj-bench");
  private static final String INPUT = "{\"message\":\"hello\"}";

  private SandboxedWorkerBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path everything = Path.of(args[0]).toAbsolutePath();
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    int measured = args.length > 2 ? Integer.parseInt(args[2]) : 5000;
    int cold = args.length > 3 ? Integer.parseInt(args[3]) : 20;
    List<Path> classPath = List.of(Path.of(EchoProvider.class.getProtectionDomain().getCodeSource().getLocation()
        .toURI()));
    SandboxLimits warm = SandboxLimits.defaults().withWarmWorkers(1, Duration.ofMinutes(10));
    System.out.println("java " + Runtime.version() + ", warmup " + warmup + ", measured " + measured);

    report("in-process Java echo", engine(new EchoProvider().type()), warmup, measured);
    report("sandboxed Java echo, warm worker",
        engine(SandboxedConnectors.loadUnverified(EchoProvider.class.getName(), classPath, warm)), warmup, measured);
    concurrent(SandboxedConnectors.loadUnverified(EchoProvider.class.getName(), classPath,
        SandboxLimits.defaults().withWarmWorkers(4, Duration.ofMinutes(10))), 100);
    report("sandboxed Java echo, cold (fresh child per call)",
        engine(SandboxedConnectors.loadUnverified(EchoProvider.class.getName(), classPath, SandboxLimits.defaults())),
        2, cold);

    McpServerSpec spec = McpServerSpec.builder("everything", "node").args(everything.toString(), "stdio")
        .allowTools("echo").build();
    try (McpServerConnector plain = McpServerConnectors.load(spec)) {
      report("MCP server-everything echo, plain process", engine(plain.type()), warmup, measured);
    }
    long started = System.nanoTime();
    McpServerConnector boxed = McpServerConnectors.loadSandboxed(spec, SandboxLimits.defaults(),
        List.of(nodeModules(everything)));
    System.out.printf(Locale.ROOT, "MCP server-everything in the sandbox: start, initialize, list tools %.0f ms%n",
        (System.nanoTime() - started) / 1e6);
    try (boxed) {
      report("MCP server-everything echo, in the sandbox", engine(boxed.type()), warmup, measured);
    }
  }

  /** The {@code node_modules} directory the server's packages are in: mounted read-only in the sandbox. */
  private static Path nodeModules(Path entry) {
    for (Path p = entry; p != null; p = p.getParent()) {
      if (p.getFileName() != null && p.getFileName().toString().equals("node_modules")) {
        return p;
      }
    }
    throw new IllegalArgumentException(entry + " is not inside a node_modules directory");
  }

  private static ConnectorEngine engine(ConnectorType type) {
    ConnectorEngine engine = ConnectorEngines.builder().register(type).policy(PolicyEngine.allowAll())
        .auditSink(event -> { }).build(); // every call is still audited; the events are dropped
    engine.instances().install(InstanceDefinition.builder("i-1", type.name()).config(JsonResources.parse("{}"))
        .owner(OwnerScope.user("bench")).projectId("proj-bench").build(), CALLER);
    engine.instances().enable("i-1", CALLER);
    return engine;
  }

  /**
   * {@code callers} calls released at once through one instance capped at 4 calls in parallel (queueing the rest)
   * with 4 warm workers, started beforehand: wall time and per-call latency (queueing included); every caller must
   * get its own input back.
   */
  private static void concurrent(ConnectorType type, int callers) throws Exception {
    ConnectorEngine engine = ConnectorEngines.builder().register(type).policy(PolicyEngine.allowAll())
        .auditSink(event -> { }).build();
    engine.instances().install(InstanceDefinition.builder("i-1", type.name()).config(JsonResources.parse("{}"))
        .owner(OwnerScope.user("bench")).projectId("proj-bench").concurrencyLimits(new ConcurrencyLimits(4, callers,
            ConcurrencyLimits.Backpressure.QUEUE, Duration.ofMinutes(2))).build(), CALLER);
    engine.instances().enable("i-1", CALLER);
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try (engine) {
      for (int round = 0; round < 3; round++) { // the first round starts the 4 workers; the last is measured
        CountDownLatch go = new CountDownLatch(1);
        long[] nanos = new long[callers];
        List<Future<String>> answers = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
          int n = i;
          answers.add(pool.submit(() -> {
            go.await();
            long t = System.nanoTime();
            Outcome o = engine.invoke(InvocationRequest.of("i-1", "echo",
                JsonResources.parse("{\"message\":\"caller-" + n + "\"}"), CALLER));
            nanos[n] = System.nanoTime() - t;
            return o instanceof Succeeded ok ? ok.response().data().path("message").asText() : o.toString();
          }));
        }
        long started = System.nanoTime();
        go.countDown();
        for (int i = 0; i < callers; i++) {
          if (!answers.get(i).get().equals("caller-" + i)) {
            throw new IllegalStateException("caller " + i + " got " + answers.get(i).get());
          }
        }
        long wall = System.nanoTime() - started;
        Arrays.sort(nanos);
        if (round == 2) {
          System.out.printf(Locale.ROOT, "%-52s wall %8.1f ms  p50 %8.3f ms  p99 %8.3f ms%n",
              callers + " concurrent calls, 4 warm workers", wall / 1e6, nanos[callers / 2] / 1e6,
              nanos[callers * 99 / 100 - 1] / 1e6);
        }
      }
    } finally {
      pool.shutdownNow();
      SandboxedConnectors.closeIdleWorkers(type);
    }
  }

  private static void report(String name, ConnectorEngine engine, int warmup, int measured) {
    try (engine) {
      for (int i = 0; i < warmup; i++) {
        call(engine);
      }
      long[] nanos = new long[measured];
      for (int i = 0; i < measured; i++) {
        long t = System.nanoTime();
        call(engine);
        nanos[i] = System.nanoTime() - t;
      }
      Arrays.sort(nanos);
      System.out.printf(Locale.ROOT, "%-52s n=%5d  p50 %8.3f ms  p99 %8.3f ms  max %8.3f ms%n", name, measured,
          nanos[measured / 2] / 1e6, nanos[(int) Math.min(measured - 1, Math.ceil(measured * 0.99) - 1)] / 1e6,
          nanos[measured - 1] / 1e6);
    }
  }

  private static void call(ConnectorEngine engine) {
    Outcome outcome = engine.invoke(InvocationRequest.of("i-1", "echo", JsonResources.parse(INPUT), CALLER));
    if (!(outcome instanceof Succeeded)) {
      throw new IllegalStateException("call failed: " + outcome);
    }
  }
}
