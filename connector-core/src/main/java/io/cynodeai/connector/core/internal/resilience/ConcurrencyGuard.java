package io.cynodeai.connector.core.internal.resilience;

import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.instance.ConcurrencyLimits;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Concurrency caps and backpressure (§14) on one engine node: per instance, at most {@code
 * maxParallelInvocations} calls run at once and, when they are all busy, a call is refused at once or waits in
 * a queue of at most {@code queueDepth} for at most {@code maxQueueWait}; across all instances a global guard
 * bounds the calls running at once (waiting, too, at most the instance's queue wait). A refusal is {@code
 * quota_exceeded}, retryable, with a short Retry-After. Thread-safe.
 */
public final class ConcurrencyGuard {
  private static final Duration RETRY_AFTER = Duration.ofMillis(100);

  private final Semaphore global;
  private final int globalMax;
  private final ConcurrentHashMap<String, Gate> gates = new ConcurrentHashMap<>();

  public ConcurrencyGuard(int globalMaxParallel) {
    this.globalMax = globalMaxParallel;
    this.global = new Semaphore(globalMaxParallel, true);
  }

  /** A held admission; {@link #close} gives the slots back. Close exactly once. */
  public interface Permit extends AutoCloseable {
    @Override
    void close();
  }

  /** The answer to asking for a slot: a permit, or a refusal. */
  public sealed interface Admission {
    record Admitted(Permit permit) implements Admission {}

    record Refused(Failed failure) implements Admission {}
  }

  /** Asks for a slot of {@code instance}, then a global one, applying the instance's backpressure. */
  public Admission admit(ConnectorInstance instance) {
    ConcurrencyLimits limits = instance.concurrencyLimits();
    Gate gate = gates.compute(instance.id(), (id, g) -> g != null && g.limits.equals(limits) ? g : new Gate(limits));
    long deadline = System.nanoTime() + limits.maxQueueWait().toNanos();
    Failed refused = gate.enter(instance.id());
    if (refused != null) {
      return new Admission.Refused(refused);
    }
    try {
      boolean globalSlot = limits.backpressure() == ConcurrencyLimits.Backpressure.REJECT
          ? global.tryAcquire()
          : global.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (!globalSlot) {
        gate.slots.release();
        return new Admission.Refused(refusal("global_concurrency_limit", "the engine is running its global "
            + "maximum of " + globalMax + " calls at once"));
      }
    } catch (InterruptedException e) {
      gate.slots.release();
      Thread.currentThread().interrupt();
      return new Admission.Refused(refusal("queue_interrupted", "interrupted while waiting for a slot"));
    }
    return new Admission.Admitted(new Permit() {
      private boolean closed;

      @Override
      public synchronized void close() {
        if (!closed) {
          closed = true;
          global.release();
          gate.slots.release();
        }
      }
    });
  }

  /**
   * Drops an uninstalled instance's gate. A call still holding one of its slots gives it back to the dropped
   * gate; a later call (refused anyway: the instance is gone) would start a new one.
   */
  public void forget(String instanceId) {
    gates.remove(instanceId);
  }

  /** Calls running now for an instance on this node (for tests and metrics). */
  public int running(String instanceId) {
    Gate gate = gates.get(instanceId);
    return gate == null ? 0 : gate.limits.maxParallelInvocations() - gate.slots.availablePermits();
  }

  static Failed refusal(String code, String message) {
    return new Failed(FailureClass.QUOTA_EXCEEDED, code, message, true, null, RETRY_AFTER, List.of());
  }

  /** One instance's slots and queue. Replaced (not resized) when its limits change. */
  private static final class Gate {
    final ConcurrencyLimits limits;
    final Semaphore slots;
    final AtomicInteger waiting = new AtomicInteger();

    Gate(ConcurrencyLimits limits) {
      this.limits = limits;
      this.slots = new Semaphore(limits.maxParallelInvocations(), true);
    }

    Failed enter(String instanceId) {
      if (slots.tryAcquire()) {
        return null;
      }
      String busy = "connector instance '" + instanceId + "' is running its maximum of "
          + limits.maxParallelInvocations() + " calls at once";
      if (limits.backpressure() == ConcurrencyLimits.Backpressure.REJECT) {
        return refusal("concurrency_limit", busy);
      }
      if (waiting.incrementAndGet() > limits.queueDepth()) {
        waiting.decrementAndGet();
        return refusal("queue_full", busy + " and " + limits.queueDepth() + " more are queued");
      }
      try {
        if (slots.tryAcquire(limits.maxQueueWait().toNanos(), TimeUnit.NANOSECONDS)) {
          return null;
        }
        return refusal("queue_timeout", busy + "; no slot freed within " + limits.maxQueueWait().toMillis() + " ms");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return refusal("queue_interrupted", "interrupted while waiting for a slot");
      } finally {
        waiting.decrementAndGet();
      }
    }
  }
}
