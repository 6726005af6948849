package io.cynodeai.connector.api.job;

/**
 * Told about every job state transition an engine node makes (hosts push them to their users). Called on the
 * submitting thread or a worker thread right after the transition is stored, so a reader of the job store may
 * see the new state a moment before the listener hears of it. A node announces one job's transitions in order
 * ({@code pending} before {@code running}, also after a retry or a requeue). Must be thread-safe, quick and
 * must not throw (a throwing listener is logged and ignored).
 */
@FunctionalInterface
public interface JobListener {
  void onTransition(JobEvent event);
}
