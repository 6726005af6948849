package io.cynodeai.connector.api.job;

/**
 * Told about every job state transition an engine node makes (hosts push them to their users). Called on the
 * submitting thread or a worker thread right after the transition is stored; must be thread-safe, quick and
 * must not throw (a throwing listener is logged and ignored).
 */
@FunctionalInterface
public interface JobListener {
  void onTransition(JobEvent event);
}
