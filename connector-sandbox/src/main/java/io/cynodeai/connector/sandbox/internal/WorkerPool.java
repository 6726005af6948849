package io.cynodeai.connector.sandbox.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The warm workers of one sandboxed type: per instance, up to {@code maxIdleWorkers} idle children kept after a
 * call that ended normally, handed to that instance's next call (never another instance's, so no connector state
 * or credential can cross instances). A worker is ended instead of kept when it died, left a stray message, has
 * used half its CPU seconds, or when the instance already has enough idle workers; idle workers are ended after
 * {@code workerIdleTimeout}. With {@code maxIdleWorkers} 0 every call gets a fresh child and nothing is kept. The
 * caller ends a worker whose call failed in the sandbox (timeout, limit, protocol): only that worker. Thread-safe.
 */
final class WorkerPool {
  private static final ScheduledExecutorService REAPER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "sandbox-worker-reaper");
    t.setDaemon(true);
    return t;
  });

  private final ChildLauncher launcher;
  private final int maxIdle;
  private final Duration idleTimeout;
  private final Map<String, Deque<Idle>> idle = new HashMap<>(); // guarded by this
  private boolean reaping; // guarded by this

  private record Idle(ChildProcess worker, Instant since) {}

  WorkerPool(ChildLauncher launcher, int maxIdle) {
    this.launcher = launcher;
    this.maxIdle = maxIdle;
    this.idleTimeout = launcher.limits().workerIdleTimeout();
  }

  /** A worker for a call of {@code instanceId}: a warm one of that instance if any is fit, else a new child. */
  ChildProcess acquire(String instanceId) {
    List<ChildProcess> unfit = new ArrayList<>();
    ChildProcess found = null;
    synchronized (this) {
      Deque<Idle> workers = idle.get(instanceId);
      while (found == null && workers != null && !workers.isEmpty()) {
        ChildProcess w = workers.pollFirst().worker();
        if (w.reusable()) {
          found = w;
        } else {
          unfit.add(w);
        }
      }
    }
    unfit.forEach(ChildProcess::close);
    return found != null ? found : launcher.start();
  }

  /** Takes back a worker whose call ended normally: kept warm if fit and wanted, else ended. */
  void release(String instanceId, ChildProcess worker) {
    boolean keep = maxIdle > 0 && worker.reusable()
        && worker.cpuUsed().compareTo(Duration.ofSeconds(launcher.limits().maxCpuSeconds()).dividedBy(2)) < 0;
    if (keep) {
      synchronized (this) {
        Deque<Idle> workers = idle.computeIfAbsent(instanceId, k -> new ArrayDeque<>());
        keep = workers.size() < maxIdle;
        if (keep) {
          workers.addFirst(new Idle(worker, launcher.clock().instant()));
          scheduleReaping();
        }
      }
    }
    if (!keep) {
      worker.close();
    }
  }

  /** How many idle workers the pool holds, for tests. */
  synchronized int idleCount() {
    return idle.values().stream().mapToInt(Deque::size).sum();
  }

  /** Ends every idle worker. */
  void closeIdle() {
    List<ChildProcess> all = new ArrayList<>();
    synchronized (this) {
      idle.values().forEach(d -> d.forEach(i -> all.add(i.worker())));
      idle.clear();
    }
    all.forEach(ChildProcess::close);
  }

  private void scheduleReaping() {
    if (!reaping) {
      reaping = true;
      long period = Math.max(50, idleTimeout.toMillis() / 2);
      REAPER.scheduleWithFixedDelay(this::reapIdle, period, period, TimeUnit.MILLISECONDS);
    }
  }

  private void reapIdle() {
    Instant cutoff = launcher.clock().instant().minus(idleTimeout);
    List<ChildProcess> expired = new ArrayList<>();
    synchronized (this) {
      for (Deque<Idle> workers : idle.values()) {
        for (Iterator<Idle> it = workers.iterator(); it.hasNext(); ) {
          Idle i = it.next();
          if (i.since().isBefore(cutoff) || !i.worker().reusable()) {
            expired.add(i.worker());
            it.remove();
          }
        }
      }
      idle.values().removeIf(Deque::isEmpty);
    }
    expired.forEach(ChildProcess::close);
  }
}
