package io.cynodeai.connector.sandbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.sandbox.ProbeResult;
import io.cynodeai.connector.sandbox.SandboxLimits;
import io.cynodeai.connector.spi.CredentialAccess;
import io.cynodeai.connector.spi.NetworkAccess;
import io.cynodeai.connector.spi.OperationContext;
import io.cynodeai.connector.spi.ProviderException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Runs {@link SandboxProbes} through a {@link SandboxedHandler}, each in its own child under the launcher's
 * isolation, and judges each outcome: the probe was prevented, by the layer meant to (the evidence it reports:
 * only {@code lo} among its interfaces, {@code EAGAIN} from fork, the kernel's {@code SIGXCPU}, ...), nothing
 * reached the host's listener, files or processes, and every child was gone afterwards. Not thread-safe: one run
 * at a time.
 */
public final class ProbeRunner {
  /** The CPU seconds the CPU probe's child gets: it must be ended by the kernel at them. */
  static final int CPU_PROBE_SECONDS = 3;
  private static final String EXTERNAL_HOST = "1.1.1.1";

  private final ChildLauncher launcher;
  private final Duration timeCap;
  private final List<ProcessHandle> started = new ArrayList<>();

  public ProbeRunner(ChildLauncher launcher, Duration timeCap) {
    this.launcher = launcher;
    this.timeCap = timeCap;
  }

  public List<ProbeResult> runAll() {
    List<ProbeResult> results = new ArrayList<>();
    SandboxLimits limits = launcher.limits();
    Path scratch = null;
    Process hostProcess = null;
    try (ServerSocket listener = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
      AtomicInteger accepted = new AtomicInteger();
      Thread acceptor = new Thread(() -> acceptAll(listener, accepted), "sandbox-probe-listener");
      acceptor.setDaemon(true);
      acceptor.start();
      scratch = Files.createTempDirectory("sandbox-probe-");
      Path hostFile = Files.writeString(scratch.resolve("host-secret.txt"), "host only");
      Path target = scratch.resolve("written-by-probe.txt");
      String sleep = Files.isExecutable(Path.of("/usr/bin/sleep")) ? "/usr/bin/sleep" : "sleep";
      hostProcess = new ProcessBuilder(sleep, "60").start();
      Process host = hostProcess;
      Function<String, @Nullable String> net = d -> d.contains("interfaces [lo]")
          ? "network namespace (its only interface is its own loopback)" : null;
      results.add(attempt("open_socket", input().put("host", EXTERNAL_HOST).put("port", 80), () -> true, net));
      results.add(attempt("resolve_dns", input().put("host", "example.com"), () -> true, net));
      results.add(attempt("connect_host_loopback", input().put("port", listener.getLocalPort()),
          () -> accepted.get() == 0, net));
      results.add(attempt("read_host_file", input().put("path", hostFile.toString()), () -> true,
          ProbeRunner::fileLayer));
      results.add(attempt("read_home", input().put("path", System.getProperty("user.home")), () -> true,
          ProbeRunner::fileLayer));
      results.add(attempt("write_file", input().put("path", target.toString()), () -> !Files.exists(target),
          ProbeRunner::fileLayer));
      results.add(attempt("read_environment", input().put("name", hostVariable()), () -> true,
          d -> "empty environment (bwrap --clearenv)"));
      results.add(attempt("signal_host", input().put("pid", host.pid()), host::isAlive,
          d -> d.contains("not visible") ? "PID namespace (host processes are not visible)" : null));
      String unshare = Files.isExecutable(Path.of("/usr/bin/unshare")) ? "/usr/bin/unshare" : "unshare";
      results.add(attempt("create_namespace", input().put("command", unshare), () -> true,
          d -> d.contains("Operation not permitted") ? "seccomp filter (namespace system calls refused)" : null));
      String nproc = "RLIMIT_NPROC (" + limits.maxProcesses() + " processes and threads)";
      results.add(attempt("exceed_processes", input().put("max", 2 * limits.maxProcesses()).put("command", sleep),
          () -> true, d -> d.matches("(?s).*(error=11|error: 11|Resource temporarily unavailable).*") ? nproc : null));
      results.add(attempt("exceed_threads", input().put("max", 2 * limits.maxProcesses()), () -> true,
          d -> d.contains("unable to create native thread") ? nproc : null));
      results.add(attempt("exceed_native_memory", input().put("chunks", limits.maxAddressSpaceMegabytes() / 64 + 16),
          () -> true, d -> d.contains("OutOfMemoryError")
              ? "RLIMIT_AS (" + limits.maxAddressSpaceMegabytes() + " MB of address space)" : null));
      results.add(limit(launcher, "exceed_memory", limits.startupTimeout(), "sandbox_crashed", "memory limit",
          "JVM heap cap (-Xmx" + limits.maxHeapMegabytes() + "m, exit on OutOfMemoryError)"));
      results.add(limit(launcher.withLimits(limits.withMaxCpuSeconds(CPU_PROBE_SECONDS)), "exceed_cpu",
          limits.startupTimeout().plusSeconds(20), "sandbox_crashed", "CPU time limit",
          "RLIMIT_CPU (the kernel ends the process with SIGXCPU)"));
      results.add(limit(launcher, "exceed_time", timeCap, "timeout", "",
          "time cap (the host kills the process tree at the deadline)"));
      results.add(limit(launcher, "exceed_output", limits.startupTimeout(), "sandbox_output_exceeded", "",
          "output cap (the host reads at most " + limits.maxOutputBytes() + " bytes)"));
    } catch (IOException e) {
      throw new UncheckedIOException("sandbox verification could not prepare its probes", e);
    } finally {
      if (hostProcess != null) {
        hostProcess.destroyForcibly();
      }
      if (scratch != null) {
        try (var files = Files.list(scratch)) {
          for (Path f : files.toList()) {
            Files.deleteIfExists(f);
          }
          Files.deleteIfExists(scratch);
        } catch (IOException e) {
          // A leftover scratch file in the host's temp dir is harmless.
        }
      }
    }
    return results;
  }

  private static ObjectNode input() {
    return Messages.MAPPER.createObjectNode();
  }

  /** The layer a file probe's error shows, or null when it shows none of them. */
  private static @Nullable String fileLayer(String detail) {
    if (detail.contains("NoSuchFileException")) {
      return "mount namespace (the host path does not exist inside)";
    }
    if (detail.contains("Read-only file system")) {
      return "mount namespace (read-only mount)";
    }
    return detail.contains("AccessDeniedException") ? "file permissions (unprivileged uid)" : null;
  }

  /** A variable this host process has, which the child must not see. */
  private static String hostVariable() {
    for (String name : List.of("PATH", "HOME", "USER", "LANG")) {
      if (System.getenv(name) != null) {
        return name;
      }
    }
    return System.getenv().keySet().stream().sorted().findFirst().orElse("PATH");
  }

  /** A probe that answers: enforced when it did not escape, the host saw nothing, and its evidence names a layer. */
  private ProbeResult attempt(String probe, ObjectNode input, BooleanSupplier hostUntouched,
      Function<String, @Nullable String> layer) {
    Call call = call(launcher, probe, input, launcher.limits().startupTimeout());
    if (call.data() == null) {
      return result(probe, false, call.observed(), "", call.gone());
    }
    boolean escaped = call.data().path("escaped").asBoolean(true);
    String detail = call.data().path("detail").asText("");
    String stoppedBy = escaped ? null : layer.apply(detail);
    boolean untouched = hostUntouched.getAsBoolean();
    String observed = (escaped ? "escaped (" : "prevented (") + detail + ")"
        + (untouched ? "" : "; the host saw the attempt") + (escaped || stoppedBy != null ? ""
            : "; not by the sandbox's own layer");
    return result(probe, !escaped && untouched && stoppedBy != null, observed, stoppedBy == null ? "" : stoppedBy,
        call.gone());
  }

  /** A probe that must end its child with {@code code} (and a message naming the limit). */
  private ProbeResult limit(ChildLauncher with, String probe, Duration cap, String code, String messagePart,
      String layer) {
    Call call = call(with, probe, input().put("bytes", with.limits().maxOutputBytes()), cap);
    boolean enforced = call.data() == null && call.observed().equals(code) && call.message().contains(messagePart);
    return result(probe, enforced, call.observed(), enforced ? layer : "", call.gone());
  }

  private static ProbeResult result(String probe, boolean enforced, String observed, String stoppedBy,
      boolean gone) {
    return new ProbeResult(probe, enforced && gone, gone ? observed : observed + "; the child outlived the call",
        stoppedBy);
  }

  /** One call: the probe's answer, or the failure code and message that ended it. */
  private record Call(@Nullable JsonNode data, String observed, String message, boolean gone) {}

  private Call call(ChildLauncher with, String probe, JsonNode input, Duration cap) {
    started.clear();
    OperationContext ctx = new ProbeContext(probe, with.clock().instant().plus(cap));
    JsonNode data = null;
    String observed;
    String message = "";
    try {
      data = new SandboxedHandler(with, started::add).handle(ctx, input).json();
      observed = "answered";
    } catch (ProviderException e) {
      observed = e.code();
      message = String.valueOf(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      observed = "interrupted";
    } catch (Exception e) {
      observed = "failed (" + e.getClass().getName() + ")";
    }
    boolean gone = !started.isEmpty() && started.stream().allMatch(ProbeRunner::awaitGone);
    return new Call(data, observed, message, gone);
  }

  private static boolean awaitGone(ProcessHandle child) {
    try {
      child.onExit().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      // Judged below.
    }
    return !child.isAlive();
  }

  private static void acceptAll(ServerSocket listener, AtomicInteger accepted) {
    while (!listener.isClosed()) {
      try {
        listener.accept().close();
        accepted.incrementAndGet();
      } catch (IOException e) {
        return;
      }
    }
  }

  /** The parent-side context of a probe call: no credentials and no network. */
  private record ProbeContext(String operation, Instant deadline) implements OperationContext {
    @Override
    public String instanceId() {
      return "sandbox-verification";
    }

    @Override
    public JsonNode config() {
      return Messages.MAPPER.createObjectNode();
    }

    @Override
    public Clock clock() {
      return Clock.systemUTC();
    }

    @Override
    public System.Logger logger() {
      return System.getLogger("io.cynodeai.connector.sandbox.verification");
    }

    @Override
    public CredentialAccess credentials() {
      return CredentialAccess.none();
    }

    @Override
    public NetworkAccess network() {
      throw new IllegalStateException("sandbox verification gives probes no network");
    }

    @Override
    public String requestId() {
      return UUID.randomUUID().toString();
    }

    @Override
    public String correlationId() {
      return requestId();
    }

    @Override
    public ExecutionMode executionMode() {
      return ExecutionMode.SYNC;
    }

    @Override
    public int attempt() {
      return 1;
    }
  }
}
