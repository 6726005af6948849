package io.cynodeai.connector.core.internal;

import io.cynodeai.connector.api.ConnectorException;
import io.cynodeai.connector.api.audit.AuditSink;
import io.cynodeai.connector.core.extension.EngineExtension;
import io.cynodeai.connector.core.extension.ExtensionContext;
import io.cynodeai.connector.core.observe.EngineObserver;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the engine's extensions contributed at build time (audit taps, observers, periodic tasks, resources to
 * close), collected by running each extension against its own {@link ExtensionContext}. Not thread-safe; used
 * once, while the engine is assembled.
 */
public final class Extensions {
  private static final Logger LOG = LoggerFactory.getLogger(Extensions.class);
  private final List<AuditSink> taps = new ArrayList<>();
  private final List<EngineObserver> observers = new ArrayList<>();
  private final List<Task> tasks = new ArrayList<>();
  private final List<AutoCloseable> resources = new ArrayList<>();

  /** A periodic task an extension asked for. */
  public record Task(Duration period, String name, Runnable run) {}

  private Extensions() {}

  /**
   * Adds {@code extension} to {@code added}.
   *
   * @throws IllegalArgumentException if it, or another extension of its name, is there already
   */
  public static void add(List<EngineExtension> added, EngineExtension extension) {
    Objects.requireNonNull(extension, "extension");
    String name = Objects.requireNonNull(extension.name(), "extension.name()");
    for (EngineExtension other : added) {
      if (other == extension || other.name().equals(name)) {
        throw new IllegalArgumentException("engine extension '" + name + "' was added already");
      }
    }
    added.add(extension);
  }

  /**
   * Runs every extension, in order, and collects what they contributed.
   *
   * @throws ConnectorException naming the extension, if one threw
   */
  public static Extensions run(List<EngineExtension> extensions, Clock clock) {
    Extensions out = new Extensions();
    for (EngineExtension extension : extensions) {
      Registrar registrar = out.new Registrar(clock);
      try {
        extension.extend(registrar);
      } catch (RuntimeException e) {
        out.close(); // the resources of the extensions that ran before it
        throw new ConnectorException("engine extension '" + extension.name() + "' failed: " + e, e);
      } finally {
        registrar.open = false;
      }
    }
    return out;
  }

  /** The extensions' audit taps, in order. */
  public List<AuditSink> taps() {
    return List.copyOf(taps);
  }

  /** The extensions' observers, in order. */
  public List<EngineObserver> observers() {
    return List.copyOf(observers);
  }

  /** Schedules every extension's periodic task on {@code maintenance}. */
  public void schedule(Maintenance maintenance) {
    for (Task t : tasks) {
      maintenance.every(t.period(), t.name(), t.run());
    }
  }

  /** Closes the extensions' resources, the last registered first; failures are logged. */
  public void close() {
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        LOG.warn("closing an engine extension's resource failed", e);
      }
    }
  }

  /** The context one extension is handed; open only while its {@code extend} runs. */
  private final class Registrar implements ExtensionContext {
    private final Clock clock;
    private boolean open = true;

    Registrar(Clock clock) {
      this.clock = clock;
    }

    private void requireOpen() {
      if (!open) {
        throw new IllegalStateException("an extension context is valid only while its extend(..) runs");
      }
    }

    @Override
    public Clock clock() {
      return clock;
    }

    @Override
    public void tapAudit(AuditSink tap) {
      requireOpen();
      taps.add(Objects.requireNonNull(tap, "tap"));
    }

    @Override
    public void observer(EngineObserver observer) {
      requireOpen();
      observers.add(Objects.requireNonNull(observer, "observer"));
    }

    @Override
    public void every(Duration period, String name, Runnable task) {
      requireOpen();
      EngineSettings.requirePositive(period, "period");
      tasks.add(new Task(period, Objects.requireNonNull(name, "name"), Objects.requireNonNull(task, "task")));
    }

    @Override
    public void closeWithEngine(AutoCloseable resource) {
      requireOpen();
      resources.add(Objects.requireNonNull(resource, "resource"));
    }
  }
}
