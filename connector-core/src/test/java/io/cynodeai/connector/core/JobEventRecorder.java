package io.cynodeai.connector.core;

import io.cynodeai.connector.api.job.JobEvent;
import io.cynodeai.connector.api.job.JobListener;
import io.cynodeai.connector.api.job.JobState;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Records the job events a listener hears, and waits (with a deadline) until some have arrived. */
final class JobEventRecorder implements JobListener {
  private final List<JobEvent> events = new ArrayList<>();

  @Override
  public synchronized void onTransition(JobEvent event) {
    events.add(event);
    notifyAll();
  }

  /** The states {@code jobId} moved to, in the order heard. */
  synchronized List<JobState> states(String jobId) {
    return events.stream().filter(e -> e.jobId().equals(jobId)).map(JobEvent::to).toList();
  }

  synchronized List<JobEvent> events(String jobId) {
    return events.stream().filter(e -> e.jobId().equals(jobId)).toList();
  }

  /**
   * Waits until {@code count} events of {@code jobId} were heard, at most 20 s, and returns the states heard.
   *
   * @throws AssertionError if fewer arrived by then
   */
  synchronized List<JobState> await(String jobId, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (events(jobId).size() < count) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        throw new AssertionError("heard only " + states(jobId) + " of job " + jobId + "; expected " + count
            + " events");
      }
      wait(left);
    }
    return new ArrayList<>(states(jobId));
  }
}
