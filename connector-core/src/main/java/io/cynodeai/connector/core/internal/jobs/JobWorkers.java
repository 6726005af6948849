package io.cynodeai.connector.core.internal.jobs;

import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.job.Job;
import io.cynodeai.connector.api.job.JobAttempt;
import io.cynodeai.connector.api.job.JobState;
import io.cynodeai.connector.api.store.JobStore;
import io.cynodeai.connector.core.internal.EngineSettings;
import io.cynodeai.connector.core.internal.codec.OutcomeCodec;
import io.cynodeai.connector.core.internal.invoke.InvocationPipeline;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import io.cynodeai.connector.core.observe.EngineObserver;
import io.cynodeai.connector.core.observe.ObservedScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's job workers. One claimer thread claims as many due jobs as there are idle workers (at most
 * {@link #MAX_BATCH}) in one store transaction, each with a lease, and hands them to the worker threads; each
 * worker runs its job through the invocation pipeline in async mode (so the instance's concurrency caps,
 * timeouts, retries, circuit breaker,
 * normalization and audit all apply), and finishes the attempt: succeeded; back to pending after a growing
 * delay when the failure is retryable and attempts remain; otherwise failed and dead-lettered. A heartbeat
 * renews the leases of running jobs every third of the lease and interrupts a job whose cancel was
 * requested. A node that dies leaves its leases to run out; another node then reclaims those jobs, so a job
 * runs at least once and, for an idempotent operation, effectively once. Thread-safe.
 */
public final class JobWorkers implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobWorkers.class);

  private final JobStore store;
  private final InvocationPipeline pipeline;
  private final DefaultJobService service;
  private final EngineSettings.Jobs settings;
  private final Clock clock;
  private final EngineObserver observer;
  /** At most this many jobs are claimed in one store transaction. */
  static final int MAX_BATCH = 32;

  private final ThreadPoolExecutor workers;
  private final ExecutorService claimer;
  private final Semaphore idle;
  private final ScheduledExecutorService heartbeat;
  private final Map<String, Thread> running = new ConcurrentHashMap<>();
  private final Map<String, Boolean> cancelRequested = new ConcurrentHashMap<>();
  private final AtomicBoolean stopped = new AtomicBoolean();

  public JobWorkers(JobStore store, InvocationPipeline pipeline, DefaultJobService service,
      EngineSettings.Jobs settings, Clock clock, EngineObserver observer) {
    this.observer = observer;
    this.store = store;
    this.pipeline = pipeline;
    this.service = service;
    this.settings = settings;
    this.clock = clock;
    int size = Math.max(1, settings.workers());
    this.workers = new ThreadPoolExecutor(size, size, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
        daemon("connector-job-worker-" + settings.nodeId()));
    this.claimer = Executors.newSingleThreadExecutor(daemon("connector-job-claimer-" + settings.nodeId()));
    this.idle = new Semaphore(size);
    this.heartbeat = Executors.newSingleThreadScheduledExecutor(daemon("connector-job-heartbeat"));
  }

  /** Starts the workers and the heartbeat; a node with zero workers only submits. */
  public void start() {
    if (settings.workers() <= 0) {
      return;
    }
    workers.prestartAllCoreThreads();
    claimer.submit(this::loop);
    long beat = Math.max(1, settings.lease().toMillis() / 3);
    heartbeat.scheduleWithFixedDelay(this::renewAll, beat, beat, TimeUnit.MILLISECONDS);
  }

  /**
   * The claimer: waits for an idle worker, claims up to as many jobs as workers are idle in one store call and
   * hands each to a worker (which holds its idle permit until the job is finished).
   */
  private void loop() {
    while (!stopped.get() && !Thread.currentThread().isInterrupted()) {
      int free;
      try {
        idle.acquire();
      } catch (InterruptedException e) {
        return;
      }
      free = 1 + idle.drainPermits();
      int wanted = Math.min(free, MAX_BATCH);
      idle.release(free - wanted);
      List<Job> claimed;
      try {
        claimed = store.claim(settings.nodeId(), wanted, settings.lease());
      } catch (RuntimeException e) {
        LOG.warn("claiming jobs failed on node {}: {}", settings.nodeId(), e.getMessage());
        idle.release(wanted);
        pause(settings.pollInterval().multipliedBy(10));
        continue;
      }
      // each job handed to a worker holds one permit until it ends; jobs beyond the permits (a store that
      // returned more than asked) hold none and queue behind the workers
      idle.release(Math.max(0, wanted - claimed.size()));
      for (int i = 0; i < claimed.size(); i++) {
        Attempt attempt = new Attempt(claimed.get(i), i < wanted);
        try {
          workers.execute(attempt);
        } catch (RejectedExecutionException e) { // closing: give it back at once
          attempt.done();
          release(attempt.job);
        }
      }
      if (claimed.isEmpty()) {
        pause(settings.pollInterval());
      }
    }
  }

  /** A claimed job handed to a worker; gives the worker's idle permit back when done. */
  private final class Attempt implements Runnable {
    final Job job;
    private final boolean holdsPermit;

    Attempt(Job job, boolean holdsPermit) {
      this.job = job;
      this.holdsPermit = holdsPermit;
    }

    @Override
    public void run() {
      try {
        JobWorkers.this.run(job);
      } finally {
        done();
      }
    }

    void done() {
      if (holdsPermit) {
        idle.release();
      }
    }
  }

  /** A claimed job that never started (the engine closed first) goes back to pending at once. */
  private void release(Job job) {
    finish(job, null, false);
  }

  private void run(Job job) {
    service.awaitAnnounced(job.jobId());
    service.transition(job, JobState.PENDING, JobState.RUNNING, "running", null);
    running.put(job.jobId(), Thread.currentThread());
    if (job.cancelRequested()) {
      cancelRequested.put(job.jobId(), true);
    }
    Outcome outcome;
    ObservedScope scope = ObservedScope.NONE;
    try {
      InvocationRequest request = JobRequests.read(job);
      scope = observer.jobRun(job.jobId(), job.attempts(), request);
      outcome = cancelRequested.containsKey(job.jobId()) ? null : pipeline.invoke(request, scope);
    } catch (RuntimeException | Error e) {
      scope.end(Failed.of(FailureClass.PERMANENT, "engine_error", e.getClass().getSimpleName()), null, 0);
      throw e;
    } finally {
      running.remove(job.jobId());
      Thread.interrupted(); // a cancel's interrupt must not leak into the next job
    }
    boolean canceled = cancelRequested.remove(job.jobId()) != null;
    if (scope != ObservedScope.NONE) {
      scope.end(canceled ? Failed.of(FailureClass.PERMANENT, "canceled", "canceled")
          : outcome instanceof Failed f ? f : null, null, Math.max(0, job.attempts() - 1));
    }
    finish(job, outcome, canceled);
  }

  private void finish(Job job, Outcome outcome, boolean canceled) {
    JobState next;
    Duration delay = Duration.ZERO;
    Failed failure = null;
    if (canceled) {
      next = JobState.CANCELED;
      outcome = null;
    } else if (stopped.get() && !(outcome instanceof Succeeded)) {
      // the engine is closing and interrupted this attempt: the job goes back to pending at once, for this node
      // after a restart or another node now, instead of failing or waiting for its lease to run out
      next = JobState.PENDING;
      failure = Failed.of(FailureClass.TRANSIENT, "released_at_shutdown", "the engine closed during the attempt;"
          + " the job was released to run again");
    } else if (outcome instanceof Succeeded) {
      long size = OutcomeCodec.write(outcome).getBytes(StandardCharsets.UTF_8).length;
      if (size > settings.maxResultBytes()) {
        failure = Failed.of(FailureClass.PERMANENT, "result_too_large", "the job's result is " + size
            + " bytes; at most " + settings.maxResultBytes() + " are stored");
        outcome = failure;
        next = JobState.FAILED;
      } else {
        next = JobState.SUCCEEDED;
      }
    } else {
      failure = (Failed) outcome;
      if (failure.retryable() && job.attempts() < job.maxAttempts()) {
        next = JobState.PENDING;
        delay = retryDelay(job.attempts(), failure.retryAfter());
      } else {
        next = JobState.FAILED;
      }
    }
    JobAttempt attempt = new JobAttempt(job.attempts(), settings.nodeId(), clock.instant(),
        canceled ? "canceled" : failure == null ? "succeeded" : failure.failureClass().wireName(),
        failure == null ? null : failure.code(), failure == null ? null : failure.message());
    Runnable announced = next == JobState.PENDING ? service.announcing(job.jobId()) : () -> { };
    try {
      if (store.finish(job.jobId(), settings.nodeId(), next, next == JobState.PENDING ? null : outcome, attempt,
          delay)) {
        service.transition(job, JobState.RUNNING, next, next == JobState.PENDING ? "retry_scheduled"
            : next.wireName(), failure);
      } else {
        LOG.warn("node {} lost the lease on job {} before finishing attempt {}; another node owns it now",
            settings.nodeId(), job.jobId(), job.attempts());
      }
    } catch (RuntimeException e) {
      LOG.error("storing the end of job {} attempt {} failed; its lease will run out and it will run again",
          job.jobId(), job.attempts(), e);
    } finally {
      announced.run();
    }
  }

  private Duration retryDelay(int attempt, Duration retryAfter) {
    long base = settings.retryDelay().toMillis() << Math.min(20, Math.max(0, attempt - 1));
    long millis = Math.min(settings.maxRetryDelay().toMillis(), base);
    if (retryAfter != null && retryAfter.toMillis() > millis) {
      millis = retryAfter.toMillis();
    }
    return Duration.ofMillis(millis);
  }

  /**
   * A cancel of {@code jobId} was requested on this node: if one of this node's workers runs it, it is
   * interrupted now, not at the next heartbeat (other nodes learn of it at theirs).
   */
  public void cancelLocal(String jobId) {
    Thread worker = running.get(jobId);
    if (worker != null && cancelRequested.putIfAbsent(jobId, true) == null) {
      worker.interrupt();
    }
  }

  private void renewAll() {
    for (Map.Entry<String, Thread> e : running.entrySet()) {
      try {
        var cancel = store.renew(e.getKey(), settings.nodeId(), settings.lease());
        if (cancel.isPresent() && cancel.get() && cancelRequested.putIfAbsent(e.getKey(), true) == null) {
          e.getValue().interrupt();
        }
      } catch (RuntimeException ex) {
        LOG.warn("renewing the lease of job {} failed: {}", e.getKey(), ex.getMessage());
      }
    }
  }

  private void pause(Duration d) {
    try {
      Thread.sleep(Math.max(1, d.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Stops claiming, interrupts running jobs and stops the heartbeat. An interrupted attempt that did not succeed
   * releases its job back to {@code pending} at once ({@code released_at_shutdown} in its history), so it runs
   * again without waiting for its lease to run out.
   */
  @Override
  public void close() {
    if (stopped.compareAndSet(false, true)) {
      heartbeat.shutdownNow();
      claimer.shutdownNow();
      for (Runnable never : workers.shutdownNow()) {
        if (never instanceof Attempt a) {
          release(a.job);
        }
      }
      try {
        claimer.awaitTermination(5, TimeUnit.SECONDS);
        workers.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
