package io.cynodeai.connector.mcp.bridge.internal;

import io.cynodeai.connector.mcp.bridge.McpServerSpec;
import io.cynodeai.connector.spi.CredentialLease;
import io.cynodeai.connector.spi.OperationContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The server processes behind one connector type: one shared by every instance, or, when the spec asks for the
 * egress proxy or declares credential keys, one per instance (started on the instance's first call), so a process
 * only ever serves, reaches the network for and sees the credentials of a single instance. A per-instance process
 * that has had no call in flight for the spec's idle timeout is stopped and forgotten (a daemon sweeper checks
 * every half timeout, at most every 30 s); the instance's next call starts a new one. So an instance that is
 * disabled or uninstalled leaves no process running beyond that timeout. Thread-safe.
 */
public final class McpServers implements AutoCloseable {
  private final @Nullable McpServerProcess shared;
  private final @Nullable Use sharedUse;
  private final Supplier<McpServerProcess> factory;
  private final long idleNanos;
  private final LongSupplier nanoTime;
  private final Map<String, Entry> byInstance = new LinkedHashMap<>();
  private final AtomicInteger retiredStarts = new AtomicInteger();
  private @Nullable ScheduledExecutorService sweeper;
  private boolean closed;

  /** An instance's process, the calls in flight on it and when the last one ended. Guarded by the servers. */
  private static final class Entry {
    final McpServerProcess process;
    int inFlight;
    long idleSince;

    Entry(McpServerProcess process, long now) {
      this.process = process;
      this.idleSince = now;
    }
  }

  private McpServers(@Nullable McpServerProcess shared, Supplier<McpServerProcess> factory, Duration idle,
      LongSupplier nanoTime) {
    this.shared = shared;
    this.sharedUse = shared == null ? null : new Use() { // nothing to count: the shared process never idles out
      @Override
      public McpServerProcess process() {
        return shared;
      }

      @Override
      public void close() {
      }
    };
    this.factory = factory;
    this.idleNanos = idle.toNanos();
    this.nanoTime = nanoTime;
  }

  /** One process for all instances. */
  public static McpServers shared(McpServerProcess process) {
    return new McpServers(process, () -> process, Duration.ofDays(365), System::nanoTime);
  }

  /** A process per instance, each made by {@code factory} and stopped after {@code idle} without a call. */
  public static McpServers perInstance(Supplier<McpServerProcess> factory, Duration idle) {
    return new McpServers(null, factory, idle, System::nanoTime);
  }

  /** As {@link #perInstance(Supplier, Duration)}, on the clock {@code nanoTime}; for tests. */
  static McpServers perInstance(Supplier<McpServerProcess> factory, Duration idle, LongSupplier nanoTime) {
    return new McpServers(null, factory, idle, nanoTime);
  }

  /** Whether {@code spec} needs a process per instance. */
  public static boolean perInstance(McpServerSpec spec) {
    return spec.egressProxy() || !spec.credentialKeys().isEmpty();
  }

  /** A process that serves no instance (to list the tools at load); the caller closes it unless shared. */
  public McpServerProcess discovery() {
    return shared != null ? shared : factory.get();
  }

  /** Counts the starts of a discovery process before it is closed. */
  public void retired(McpServerProcess process) {
    if (process != shared) {
      retiredStarts.addAndGet(process.starts());
      process.close();
    }
  }

  /** One call's use of the process serving its instance: close it when the call ends. */
  public interface Use extends AutoCloseable {
    McpServerProcess process();

    @Override
    void close();
  }

  /** The process serving {@code instanceId}, held in use (never stopped as idle) until the handle is closed. */
  public synchronized Use use(String instanceId) {
    if (closed) {
      throw new IllegalStateException("the MCP server connector is closed");
    }
    if (sharedUse != null) {
      return sharedUse;
    }
    Entry entry = byInstance.computeIfAbsent(instanceId, id -> new Entry(factory.get(), nanoTime.getAsLong()));
    entry.inFlight++;
    startSweeper();
    return new Use() {
      private boolean done;

      @Override
      public McpServerProcess process() {
        return entry.process;
      }

      @Override
      public void close() {
        synchronized (McpServers.this) {
          if (!done) {
            done = true;
            entry.inFlight--;
            entry.idleSince = nanoTime.getAsLong();
          }
        }
      }
    };
  }

  /** How many per-instance processes are kept now (running or stopped by a crash, not yet idle long enough). */
  public synchronized int kept() {
    return byInstance.size();
  }

  private void startSweeper() {
    if (sweeper != null) {
      return;
    }
    long period = Math.max(TimeUnit.MILLISECONDS.toNanos(10), Math.min(idleNanos / 2, TimeUnit.SECONDS.toNanos(30)));
    ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "mcp-bridge-idle");
      t.setDaemon(true);
      return t;
    });
    s.scheduleWithFixedDelay(this::stopIdle, period, period, TimeUnit.NANOSECONDS);
    sweeper = s;
  }

  /** Stops and forgets the per-instance processes idle for the timeout; closes them outside the lock. */
  void stopIdle() {
    List<McpServerProcess> idle = new ArrayList<>();
    synchronized (this) {
      long now = nanoTime.getAsLong();
      for (Iterator<Entry> it = byInstance.values().iterator(); it.hasNext(); ) {
        Entry e = it.next();
        if (e.inFlight == 0 && now - e.idleSince >= idleNanos) {
          it.remove();
          retiredStarts.addAndGet(e.process.starts());
          idle.add(e.process);
        }
      }
    }
    idle.forEach(McpServerProcess::close);
  }

  /** Process starts over all processes. */
  public synchronized int starts() {
    int sum = retiredStarts.get() + (shared == null ? 0 : shared.starts());
    for (Entry e : byInstance.values()) {
      sum += e.process.starts();
    }
    return sum;
  }

  /**
   * The {@code _meta} of a call: {@code {"credentials": {key: value}}} for the spec's declared keys the
   * instance's lease holds, or null when none. The values are the lease's own buffers (serialized as JSON
   * strings, zero-filled by the engine when the call ends); never logged, never part of the audit.
   */
  public static @Nullable Map<String, Object> meta(McpServerSpec spec, OperationContext context) {
    if (spec.credentialKeys().isEmpty()) {
      return null;
    }
    Optional<CredentialLease> lease = context.credentials().lease();
    if (lease.isEmpty()) {
      return null;
    }
    Map<String, Object> credentials = new LinkedHashMap<>();
    for (String key : spec.credentialKeys()) {
      if (lease.get().keys().contains(key)) {
        credentials.put(key, lease.get().secret(key));
      }
    }
    return credentials.isEmpty() ? null : Map.of("credentials", credentials);
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (sweeper != null) {
      sweeper.shutdownNow();
    }
    if (shared != null) {
      shared.close();
    }
    byInstance.values().forEach(e -> e.process.close());
    byInstance.clear();
  }
}
