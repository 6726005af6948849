package io.cynodeai.connector.testkit;

import static io.cynodeai.connector.testkit.CheckCategory.LOAD;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.OperationDescriptor;
import io.cynodeai.connector.spi.OperationExample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The load checks (§15): per operation, {@link LoadProfile#threads()} callers invoke it on the deployed
 * instance through the real engine, cycling through its examples' requests, until the profile's call or time
 * bound is reached, and the check reports calls, throughput, p50/p95/p99 latency and failures by code. It
 * fails when the error rate or the p99 exceeds the profile's thresholds, or when no call completed.
 * Asynchronous-only operations, operations without examples, and mutating operations the author did not opt
 * in are not run (the check says why). Not thread-safe; one instance per run.
 */
final class LoadTest {
  /** How long past its bound a run may take to finish its last calls before the check gives up on them. */
  private static final Duration STRAGGLER_MARGIN = Duration.ofSeconds(15);

  private final ConnectorType type;
  private final CertificationHost host;
  private final LoadProfile profile;

  LoadTest(ConnectorType type, CertificationHost host, LoadProfile profile) {
    this.type = type;
    this.host = host;
    this.profile = profile;
  }

  List<CheckResult> run() {
    List<CheckResult> checks = new ArrayList<>();
    for (OperationDescriptor op : DescriptorChecks.distinctOperations(type)) {
      checks.add(check(op));
    }
    return checks;
  }

  private CheckResult check(OperationDescriptor op) {
    String name = op.name() + ": under load";
    if (!op.modes().contains(ExecutionMode.SYNC)) {
      return CheckResult.notApplicable(LOAD, name, "not run: asynchronous only (these checks drive sync calls)");
    }
    if (op.examples().isEmpty()) {
      return CheckResult.notApplicable(LOAD, name, "not run: no example request to send");
    }
    if (op.mutating() && !profile.mutatingOperations().contains(op.name())) {
      return CheckResult.notApplicable(LOAD, name, "not run: mutating (opt in with "
          + "LoadProfile.includeMutating(\"" + op.name() + "\"))");
    }
    Stats stats = drive(op, DescriptorChecks.distinctExamples(op).stream().map(OperationExample::request).toList());
    return verdict(name, stats).on(CallPath.SYNC);
  }

  private Stats drive(OperationDescriptor op, List<JsonNode> requests) {
    Stats stats = new Stats(profile.maxCalls());
    AtomicInteger started = new AtomicInteger();
    long begin = System.nanoTime();
    long deadline = begin + profile.maxDuration().toNanos();
    ExecutorService callers = Executors.newFixedThreadPool(profile.threads(), r -> {
      Thread t = new Thread(r, "certification-load-" + op.name());
      t.setDaemon(true);
      return t;
    });
    try {
      for (int t = 0; t < profile.threads(); t++) {
        callers.execute(() -> {
          int call;
          while (System.nanoTime() < deadline && (call = started.getAndIncrement()) < profile.maxCalls()) {
            CertificationHost.Invoked invoked = host.invoke(op, requests.get(call % requests.size()));
            stats.record(invoked.outcome(), invoked.elapsed());
          }
        });
      }
      callers.shutdown();
      long wait = profile.maxDuration().plus(op.maxTimeout()).plus(STRAGGLER_MARGIN).toMillis();
      if (!callers.awaitTermination(wait, TimeUnit.MILLISECONDS)) {
        stats.unfinished.set(profile.threads());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stats.unfinished.set(profile.threads());
    } finally {
      callers.shutdownNow();
    }
    stats.wallNanos = System.nanoTime() - begin;
    return stats;
  }

  private CheckResult verdict(String name, Stats stats) {
    long[] latencies = stats.latencies();
    int calls = latencies.length;
    if (calls == 0) {
      return CheckResult.fail(LOAD, name, "no call completed within " + profile.maxDuration().toMillis() + " ms");
    }
    long errors = stats.errors.sum();
    double errorRate = (double) errors / calls;
    long p99 = percentile(latencies, 99);
    String summary = String.format(Locale.ROOT, "%d calls by %d threads in %d ms: %.1f calls/s; "
            + "p50 %.1f ms, p95 %.1f ms, p99 %.1f ms; %d error(s)%s", calls, profile.threads(),
        TimeUnit.NANOSECONDS.toMillis(stats.wallNanos), calls * 1e9 / stats.wallNanos,
        millis(percentile(latencies, 50)), millis(percentile(latencies, 95)), millis(p99), errors,
        errors == 0 ? "" : " " + new TreeMap<>(stats.errorCodes));
    List<String> problems = new ArrayList<>();
    if (errorRate > profile.maxErrorRate()) {
      problems.add(String.format(Locale.ROOT, "error rate %.2f%% exceeds %.2f%%", errorRate * 100,
          profile.maxErrorRate() * 100));
    }
    if (p99 > profile.maxP99().toNanos()) {
      problems.add(String.format(Locale.ROOT, "p99 %.1f ms exceeds %d ms", millis(p99),
          profile.maxP99().toMillis()));
    }
    if (stats.unfinished.get() > 0) {
      problems.add("calls were still running " + STRAGGLER_MARGIN.toSeconds() + " s after the run's bound");
    }
    return problems.isEmpty() ? CheckResult.pass(LOAD, name, summary)
        : CheckResult.fail(LOAD, name, String.join("; ", problems) + "\n" + summary);
  }

  /** The nearest-rank percentile of sorted values. */
  static long percentile(long[] sorted, int percent) {
    int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static double millis(long nanos) {
    return nanos / 1e6;
  }

  /** What the callers measured. Thread-safe. */
  private static final class Stats {
    private final long[] latencyNanos;
    private final AtomicInteger completed = new AtomicInteger();
    final LongAdder errors = new LongAdder();
    final Map<String, Long> errorCodes = new ConcurrentHashMap<>();
    final AtomicLong unfinished = new AtomicLong();
    volatile long wallNanos;

    Stats(int capacity) {
      latencyNanos = new long[capacity];
    }

    void record(Outcome outcome, Duration elapsed) {
      int slot = completed.getAndIncrement();
      latencyNanos[slot] = elapsed.toNanos();
      if (outcome instanceof Failed f) {
        errors.increment();
        errorCodes.merge(f.failureClass().name() + " " + f.code(), 1L, Long::sum);
      }
    }

    /** The completed calls' latencies, sorted. Call after the callers have stopped. */
    long[] latencies() {
      long[] copy = Arrays.copyOf(latencyNanos, Math.min(completed.get(), latencyNanos.length));
      Arrays.sort(copy);
      return copy;
    }
  }
}
