package io.cynodeai.connector.sandbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.sandbox.ProbeResult;
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

/**
 * Runs {@link SandboxProbes} through a {@link SandboxedHandler}, each in its own child, and judges each outcome:
 * the expected failure code, nothing reaching the local listener or the file system, and every child gone
 * afterwards. Not thread-safe: one run at a time.
 */
public final class ProbeRunner {
  private final ChildLauncher launcher;
  private final Duration timeCap;
  private final List<ProcessHandle> started = new ArrayList<>();

  public ProbeRunner(ChildLauncher launcher, Duration timeCap) {
    this.launcher = launcher;
    this.timeCap = timeCap;
  }

  public List<ProbeResult> runAll() {
    List<ProbeResult> results = new ArrayList<>();
    Path scratch = null;
    try (ServerSocket listener = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
      AtomicInteger accepted = new AtomicInteger();
      Thread acceptor = new Thread(() -> acceptAll(listener, accepted), "sandbox-probe-listener");
      acceptor.setDaemon(true);
      acceptor.start();
      scratch = Files.createTempDirectory("sandbox-probe-");
      Path target = scratch.resolve("written-by-probe.txt");
      String port = "{\"port\":" + listener.getLocalPort() + "}";
      results.add(run("open_socket", port, "sandbox_violation", () -> accepted.get() == 0));
      results.add(run("direct_http", port, "sandbox_violation", () -> accepted.get() == 0));
      results.add(run("resolve_dns", "{\"host\":\"example.com\"}", "sandbox_violation", () -> true));
      results.add(run("write_file", json("path", target.toString()), "sandbox_violation",
          () -> !Files.exists(target)));
      results.add(run("read_home", json("path", System.getProperty("user.home")), "sandbox_violation", () -> true));
      results.add(run("read_environment", "{}", "sandbox_violation", () -> true));
      results.add(run("exec_process", json("command", "true"), "sandbox_violation", () -> true));
      results.add(run("disable_security_manager", "{}", "sandbox_violation", () -> true));
      results.add(run("exceed_memory", "{}", "sandbox_crashed", () -> true));
      results.add(run("exceed_time", "{}", "timeout", () -> true));
    } catch (IOException e) {
      throw new UncheckedIOException("sandbox verification could not prepare its probes", e);
    } finally {
      if (scratch != null) {
        scratch.toFile().delete();
      }
    }
    return results;
  }

  private static String json(String field, String value) {
    return Messages.MAPPER.createObjectNode().put(field, value).toString();
  }

  private ProbeResult run(String probe, String input, String expectedCode, BooleanSupplier nothingEscaped) {
    started.clear();
    Duration cap = probe.equals("exceed_time") ? timeCap : launcher.limits().startupTimeout();
    OperationContext ctx = new ProbeContext(probe, launcher.clock().instant().plus(cap));
    String observed;
    try {
      JsonNode parsed = Messages.MAPPER.readTree(input);
      new SandboxedHandler(launcher, started::add).handle(ctx, parsed);
      observed = "escaped";
    } catch (ProviderException e) {
      observed = e.code();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      observed = "interrupted";
    } catch (Exception e) {
      observed = "failed (" + e.getClass().getName() + ")";
    }
    boolean gone = started.stream().allMatch(ProbeRunner::awaitGone);
    boolean enforced = observed.equals(expectedCode) && nothingEscaped.getAsBoolean() && gone && !started.isEmpty();
    return new ProbeResult(probe, enforced, gone ? observed : observed + "; the child outlived the call");
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
