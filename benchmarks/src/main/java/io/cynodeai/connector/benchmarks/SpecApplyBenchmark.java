package io.cynodeai.connector.benchmarks;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.policy.PolicyDecision;
import io.cynodeai.connector.api.spec.SpecChange;
import io.cynodeai.connector.api.spec.SpecOutcome;
import io.cynodeai.connector.api.spec.SpecSource;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.credentials.CredentialVault;
import io.cynodeai.connector.core.credentials.SecretProvider;
import io.cynodeai.connector.core.credentials.SecretProviders;
import io.cynodeai.connector.core.store.Stores;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.HealthResult;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spi.OperationDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * Issue 7's targets on embedded H2: apply a batch of N specs (default 10,000) in one call, then diff the same
 * batch when nothing changed. Single-shot by nature (the first apply creates everything), so a plain main
 * rather than JMH: it prints each phase's wall time, and the no-change diff and re-apply are repeated (3
 * warm-ups, 5 measured; min and median reported).
 *
 * <p>Run: {@code mvn -B -q package -pl benchmarks -am -DskipTests && java -cp benchmarks/target/benchmarks.jar
 * io.cynodeai.connector.benchmarks.SpecApplyBenchmark [N]}
 */
public final class SpecApplyBenchmark {
  private static final Caller OPS = new Caller("ops", java.util.List.of("ops"), "p1");

  /** Answers every name (each spec references its own entry): validation finds every reference in reach. */
  private static final SecretProvider ANY_SECRET = new SecretProvider() {
    @Override
    public String scheme() {
      return "vault";
    }

    @Override
    public Optional<char[]> resolve(String name) {
      return Optional.of("bench".toCharArray());
    }
  };

  private SpecApplyBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    Path dir = Files.createTempDirectory("spec-bench");
    SpecSource batch = new SpecSource("bench.yaml", batch(n));
    try (Stores stores = Stores.h2(dir.resolve("state"));
        ConnectorEngine engine = ConnectorEngines.builder().register(mailType()).stores(stores)
            .policy(ctx -> PolicyDecision.allow("bench"))
            .credentials(CredentialVault.of(SecretProviders.perScope("vault", scope -> ANY_SECRET)))
            .build()) {
      long t0 = System.nanoTime();
      long cpu0 = processCpuNanos();
      SpecOutcome first = engine.specs().apply(batch, OPS);
      report("apply " + n + " specs (create)", System.nanoTime() - t0, processCpuNanos() - cpu0, first,
          SpecChange.Kind.CREATE);
      repeat("validate " + n + " specs (no store access)", () -> valid(engine.specs().validate(batch)));
      repeat("diff " + n + " specs (no change)", () -> engine.specs().diff(batch, OPS));
      repeat("apply " + n + " specs (no change)", () -> engine.specs().apply(batch, OPS));
      // The first create runs in a cold JVM (the JIT compiles on the other core meanwhile); a second batch of new
      // names, in the now warm JVM, shows the steady-state cost of creating.
      SpecSource more = new SpecSource("more.yaml", batch(n).replace("mail-", "more-"));
      long t1 = System.nanoTime();
      long cpu1 = processCpuNanos();
      SpecOutcome second = engine.specs().apply(more, OPS);
      report("apply " + n + " more specs (create, warm)", System.nanoTime() - t1, processCpuNanos() - cpu1, second,
          SpecChange.Kind.CREATE);
    }
  }

  private static void repeat(String what, java.util.function.Supplier<SpecOutcome> run) {
    for (int i = 0; i < 3; i++) {
      check(run.get(), SpecChange.Kind.UNCHANGED);
    }
    long[] ms = new long[5];
    long[] cpu = new long[5];
    for (int i = 0; i < ms.length; i++) {
      long t = System.nanoTime();
      long c = processCpuNanos();
      check(run.get(), SpecChange.Kind.UNCHANGED);
      ms[i] = (System.nanoTime() - t) / 1_000_000;
      cpu[i] = (processCpuNanos() - c) / 1_000_000;
    }
    Arrays.sort(ms);
    Arrays.sort(cpu);
    System.out.printf("%-36s min %6d ms   median %6d ms   (5 runs after 3 warm-ups; process CPU min %d ms, "
        + "median %d ms)%n", what, ms[0], ms[2], cpu[0], cpu[2]);
  }

  private static SpecOutcome valid(io.cynodeai.connector.api.spec.SpecValidation v) {
    if (!v.valid()) {
      throw new IllegalStateException("invalid batch: " + v.problems().get(0));
    }
    return new SpecOutcome.Applied(java.util.List.of(), java.util.List.of());
  }

  private static void report(String what, long nanos, long cpuNanos, SpecOutcome out, SpecChange.Kind kind) {
    check(out, kind);
    System.out.printf("%-36s %10d ms   (process CPU %d ms)%n", what, nanos / 1_000_000, cpuNanos / 1_000_000);
  }

  /**
   * CPU time used by this JVM (all its threads, GC and JIT included). On a shared machine the wall time also
   * counts waiting for a core; the CPU time shows the work itself.
   */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static void check(SpecOutcome out, SpecChange.Kind kind) {
    if (!(out instanceof SpecOutcome.Applied a) || a.changes().stream().anyMatch(c -> c.kind() != kind)) {
      throw new IllegalStateException("unexpected outcome: " + out.toString().substring(0, Math.min(800, out.toString().length())));
    }
  }

  /** N specs as one multi-document YAML stream, shaped like the seed's example. */
  static String batch(int n) {
    StringBuilder yaml = new StringBuilder();
    for (int i = 0; i < n; i++) {
      yaml.append("""
          ---
          apiVersion: cynodeai.io/v1alpha1
          kind: Connector
          metadata:
            name: mail-%1$d
            owner: {type: group, id: ops}
            projectId: p1
            labels: {team: ops}
          spec:
            type: mail
            typeVersion: 1
            enabled: true
            config: {host: imap%1$d.example.com, port: 993, tls: true, mailbox: INBOX}
            credentials:
              mode: secretRef
              secretRef: {provider: vault, name: mail-%1$d, keys: {username: username, password: password}}
            policy: {allowOperations: [readInbox], actionScope: [connector.read]}
            limits: {maxParallelInvocations: 4, rateLimit: {rps: 2, burst: 5}}
          """.formatted(i));
    }
    return yaml.toString();
  }

  static ConnectorType mailType() {
    return ConnectorType.builder("mail", "1.0.0").configSchema("1", JsonResources.parse("""
        {"type":"object","required":["host","port"],"additionalProperties":false,
         "properties":{"host":{"type":"string","minLength":1},"port":{"type":"integer","minimum":1,"maximum":65535},
           "tls":{"type":"boolean"},"mailbox":{"type":"string"}}}"""))
        .operation(OperationDescriptor.builder("readInbox").modes(ExecutionMode.SYNC)
            .requestSchema(JsonResources.parse("{\"type\":\"object\"}"))
            .responseSchema(JsonResources.parse("{\"type\":\"object\"}"))
            .handler((ctx, in) -> HandlerResult.of(JsonResources.parse("{\"messages\":[]}"))))
        .healthCheck(ctx -> HealthResult.healthy()).build();
  }

}
