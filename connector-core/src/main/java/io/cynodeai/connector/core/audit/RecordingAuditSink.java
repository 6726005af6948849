package io.cynodeai.connector.core.audit;

import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.audit.AuditRetention;
import io.cynodeai.connector.api.audit.AuditSink;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Keeps every event in memory, for tests and small tools. Thread-safe. */
public final class RecordingAuditSink implements AuditSink, AuditRetention {
  private final List<AuditEvent> events = new ArrayList<>();

  @Override
  public synchronized void record(AuditEvent event) {
    events.add(event);
  }

  /** A snapshot of the events so far, oldest first. */
  public synchronized List<AuditEvent> events() {
    return List.copyOf(events);
  }

  /** The events matching {@code filter}. */
  public synchronized List<AuditEvent> events(Predicate<AuditEvent> filter) {
    return events.stream().filter(filter).toList();
  }

  /** The most recent event. */
  public synchronized AuditEvent last() {
    if (events.isEmpty()) {
      throw new IllegalStateException("no audit events recorded");
    }
    return events.get(events.size() - 1);
  }

  public synchronized void clear() {
    events.clear();
  }

  @Override
  public synchronized long purgeBefore(java.time.Instant cutoff) {
    int before = events.size();
    events.removeIf(e -> e.timestamp().isBefore(cutoff));
    return before - events.size();
  }
}
