package io.cynodeai.connector.benchmarks;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.store.Stores;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spi.OperationDescriptor;
import io.cynodeai.connector.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.Locale;

/**
 * The heap an engine holds per instance (issue 17, memory): {@code n} instances installed and enabled, then
 * called once each, then uninstalled, on in-memory stores with a Micrometer registry (the metrics are the
 * per-instance state a call creates). After each phase the heap is measured after a full GC
 * ({@link #settledHeap}). The target: under 40 MB for 10,000 called instances, and after uninstalling all of
 * them the heap back at its level before they were installed, apart from the stores' own tombstones (an
 * uninstalled instance is soft-deleted until purged), which the in-memory instance store keeps on the heap:
 * the last phase purges them from the store and measures again.
 *
 * <p>A plain main: {@code java -cp benchmarks/target/benchmarks.jar
 * io.cynodeai.connector.benchmarks.InstanceMemoryBenchmark [n]} (default 10000); with {@code -Ddiag=true} it
 * prints the heap's class histogram ({@code jcmd GC.class_histogram}) at the end, to see what is retained.
 */
public final class InstanceMemoryBenchmark {
  private static final Caller OWNER = Caller.user("bench", "proj-bench");
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private InstanceMemoryBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Stores stores = Stores.inMemory();
    ConnectorEngine engine = ConnectorEngines.builder().register(type()).stores(stores)
        .auditSink(event -> { }).policy(PolicyEngine.allowAll()).extension(MicrometerMetrics.of(registry)).build();
    warmUp(engine);
    long empty = settledHeap();

    for (int i = 0; i < n; i++) {
      String id = "inst-" + i;
      expectApplied(engine.instances().install(InstanceDefinition.builder(id, "memory")
          .config(JsonResources.parse("{}")).owner(OwnerScope.user("bench")).projectId("proj-bench").build(),
          OWNER), id);
      expectApplied(engine.instances().enable(id, OWNER), id);
    }
    long enabled = settledHeap();

    for (int i = 0; i < n; i++) {
      if (!(engine.invoke(request("inst-" + i)) instanceof Succeeded)) {
        throw new IllegalStateException("call to inst-" + i + " failed");
      }
    }
    long called = settledHeap();
    int meters = registry.getMeters().size();

    for (int i = 0; i < n; i++) {
      expectApplied(engine.instances().uninstall("inst-" + i, OWNER), "inst-" + i);
    }
    long uninstalled = settledHeap();
    int metersAfter = registry.getMeters().size();
    for (int i = 0; i < n; i++) {
      if (!stores.instances().purge("inst-" + i)) {
        throw new IllegalStateException("inst-" + i + " was not soft-deleted");
      }
    }
    long purged = settledHeap();
    if (Boolean.getBoolean("diag")) {
      new ProcessBuilder("jcmd", Long.toString(ProcessHandle.current().pid()), "GC.class_histogram").inheritIO()
          .start().waitFor();
    }

    System.out.printf(Locale.ROOT, "instances                     %,d%n", n);
    System.out.printf(Locale.ROOT, "heap, engine without any      %8.1f MiB%n", mib(empty));
    System.out.printf(Locale.ROOT, "enabled, not called           %8.1f MiB  (+%,d B per instance)%n",
        mib(enabled), (enabled - empty) / n);
    System.out.printf(Locale.ROOT, "called once each              %8.1f MiB  (+%,d B per instance; %.1f MB for all,"
        + " target < 40 MB: %s)%n", mib(called), (called - empty) / n, (called - empty) / 1e6,
        called - empty < 40_000_000 ? "met" : "NOT met");
    System.out.printf(Locale.ROOT, "meters after the calls        %,d%n", meters);
    System.out.printf(Locale.ROOT, "all uninstalled               %8.1f MiB  (+%,d B per instance above empty,"
        + " the soft-deleted records included)%n", mib(uninstalled), (uninstalled - empty) / n);
    System.out.printf(Locale.ROOT, "meters after uninstall        %,d%n", metersAfter);
    System.out.printf(Locale.ROOT, "soft-deleted records purged   %8.1f MiB  (%+,d B in all above empty, %d B per"
        + " instance)%n", mib(purged), purged - empty, (purged - empty) / n);
    engine.close();
  }

  private static void warmUp(ConnectorEngine engine) {
    expectApplied(engine.instances().install(InstanceDefinition.builder("warm", "memory")
        .config(JsonResources.parse("{}")).owner(OwnerScope.user("bench")).projectId("proj-bench").build(),
        OWNER), "warm");
    expectApplied(engine.instances().enable("warm", OWNER), "warm");
    for (int i = 0; i < 1_000; i++) {
      engine.invoke(request("warm"));
    }
  }

  private static InvocationRequest request(String instance) {
    return InvocationRequest.of(instance, "ping", JsonResources.parse("{\"n\":1}"), OWNER);
  }

  private static void expectApplied(LifecycleOutcome outcome, String id) {
    if (!(outcome instanceof LifecycleOutcome.Applied)) {
      throw new IllegalStateException(id + ": " + outcome);
    }
  }

  private static ConnectorType type() {
    return ConnectorType.builder("memory", "1.0.0")
        .configSchema("1", JsonResources.parse("{\"type\":\"object\"}"))
        .operation(OperationDescriptor.builder("ping").modes(ExecutionMode.SYNC)
            .maxTimeout(Duration.ofSeconds(5))
            .requestSchema(JsonResources.parse("{\"type\":\"object\"}"))
            .responseSchema(JsonResources.parse("{\"type\":\"object\"}"))
            .handler((ctx, in) -> HandlerResult.of(in)))
        .build();
  }

  /**
   * The heap in use after full collections, once it settles: {@code System.gc()} until two readings in a row
   * differ by less than 256 KiB, at most 10 rounds 100 ms apart (a bounded wait for reference processing).
   */
  static long settledHeap() throws InterruptedException {
    long previous = Long.MAX_VALUE;
    for (int round = 0; round < 10; round++) {
      System.gc();
      Thread.sleep(100); // lets finalization and reference processing run between collections
      long used = MEMORY.getHeapMemoryUsage().getUsed();
      if (Math.abs(previous - used) < 256 * 1024) {
        return used;
      }
      previous = used;
    }
    return previous;
  }

  private static double mib(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }
}
