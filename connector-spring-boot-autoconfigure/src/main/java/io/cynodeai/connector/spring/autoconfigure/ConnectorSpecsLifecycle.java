package io.cynodeai.connector.spring.autoconfigure;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.spec.SpecOutcome;
import io.cynodeai.connector.core.spec.SpecReconciler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Applies {@code connector.specs.location} when the context starts, before the web server takes requests
 * (phase 0), and, with {@code connector.specs.reconcile-interval}, keeps reconciling it until the context
 * stops. A refused directory stops the start-up unless {@code connector.specs.fail-on-error=false}.
 * Thread-safe.
 */
public final class ConnectorSpecsLifecycle implements SmartLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectorSpecsLifecycle.class);
  private final SpecReconciler reconciler;
  private final Path location;
  private final @Nullable Duration interval;
  private final boolean failOnError;
  private volatile boolean running;

  public ConnectorSpecsLifecycle(ConnectorEngine engine, Caller caller, Path location, @Nullable Duration interval,
      boolean failOnError) {
    this.location = Objects.requireNonNull(location, "location");
    this.interval = interval;
    this.failOnError = failOnError;
    this.reconciler = new SpecReconciler(engine.specs(), caller, location, ConnectorSpecsLifecycle::log);
  }

  @Override
  public synchronized void start() {
    SpecOutcome outcome = reconciler.syncNow();
    if (outcome instanceof SpecOutcome.Refused r && failOnError) {
      throw new IllegalStateException("the specs in " + location + " were refused: " + r.problems());
    }
    if (interval != null) {
      reconciler.start(interval);
    }
    running = true;
  }

  @Override
  public synchronized void stop() {
    reconciler.close();
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return 0;
  }

  private static void log(SpecOutcome outcome) {
    if (outcome instanceof SpecOutcome.Refused r) {
      LOG.error("connector specs refused: {}", r.problems());
    } else {
      LOG.info("connector specs applied: {}", outcome);
    }
  }
}
