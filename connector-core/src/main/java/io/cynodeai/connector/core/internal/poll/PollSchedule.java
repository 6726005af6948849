package io.cynodeai.connector.core.internal.poll;

import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.poll.PollReport;
import io.cynodeai.connector.spi.PollingSource;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls every active instance of a polling type on one daemon thread: every {@code tick} it polls each
 * instance whose next poll is due, one after another, then schedules that instance's next poll after the
 * type's {@link PollingSource#interval()} (success) or {@link PollingSource#retryDelay(int)} for its run of
 * consecutive failures (exponential, capped), measured on the engine's clock from the end of the poll. A newly
 * active instance is polled at the next tick. Schedule
 * state is in memory: after a restart every instance is polled at once, from its stored cursor. Each poll
 * first takes the instance's lease in the {@link io.cynodeai.connector.api.store.CursorStore}: when another
 * engine node holds it, this node skips the instance for one interval.
 */
public final class PollSchedule implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PollSchedule.class);

  private final InstancePoller poller;
  private final Clock clock;
  private final ScheduledExecutorService thread;
  /** When each instance is next due, in the engine clock's milliseconds. */
  private final Map<String, Long> dueMillis = new HashMap<>();
  private final Map<String, Integer> failures = new HashMap<>();

  private PollSchedule(InstancePoller poller, Clock clock) {
    this.poller = poller;
    this.clock = clock;
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "connector-poller");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Starts polling, looking for due instances every {@code tick} (real time); when an instance is due is judged
   * on the engine's {@code clock}.
   */
  public static PollSchedule start(InstancePoller poller, Duration tick, Clock clock) {
    PollSchedule schedule = new PollSchedule(poller, clock);
    long millis = Math.max(1, tick.toMillis());
    schedule.thread.scheduleWithFixedDelay(schedule::runDue, 0, millis, TimeUnit.MILLISECONDS);
    return schedule;
  }

  private void runDue() {
    try {
      Map<String, ConnectorInstance> active = poller.pollable().stream()
          .collect(Collectors.toMap(ConnectorInstance::id, i -> i, (a, b) -> a));
      Set<String> gone = new java.util.HashSet<>(dueMillis.keySet());
      gone.removeAll(active.keySet());
      gone.forEach(id -> {
        dueMillis.remove(id);
        failures.remove(id);
      });
      for (ConnectorInstance instance : active.values()) {
        Long due = dueMillis.get(instance.id());
        if (due != null && clock.millis() < due) {
          continue;
        }
        PollingSource source = poller.source(instance).orElse(null);
        if (source == null) {
          continue;
        }
        PollReport report = poller.pollScheduled(instance);
        if (InstancePoller.BUSY.equals(report.errorCode())) { // another node polls it: look again an interval later
          dueMillis.put(instance.id(), clock.millis() + source.interval().toMillis());
          continue;
        }
        int failed = report.succeeded() ? 0 : failures.getOrDefault(instance.id(), 0) + 1;
        failures.put(instance.id(), failed);
        dueMillis.put(instance.id(), clock.millis() + source.retryDelay(failed).toMillis());
        if (!report.succeeded()) {
          LOG.warn("poll of instance {} failed ({}); next poll in {}", instance.id(), report.errorCode(),
              source.retryDelay(failed));
        }
      }
    } catch (RuntimeException e) {
      LOG.error("polling round failed", e);
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
