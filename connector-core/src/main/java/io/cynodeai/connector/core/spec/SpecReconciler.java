package io.cynodeai.connector.core.spec;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.spec.ConnectorSpec;
import io.cynodeai.connector.api.spec.SpecChange;
import io.cynodeai.connector.api.spec.SpecOutcome;
import io.cynodeai.connector.api.spec.SpecProblem;
import io.cynodeai.connector.api.spec.SpecService;
import io.cynodeai.connector.api.spec.SpecSource;
import io.cynodeai.connector.api.spec.SpecValidation;
import io.cynodeai.connector.core.internal.spec.SpecOutcomes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A GitOps-style controller (§19.5): treats a directory of spec files as the desired state. On every poll it
 * re-reads the directory when its contents changed and applies all files as one all-or-nothing batch
 * (an invalid file leaves the previous state in effect), deletes the specs it applied earlier whose files are
 * gone, and converges drifted instances back to their specs ({@link SpecService#reconcile}).
 *
 * <p>Polling rather than a file-system watch keeps behaviour the same on every file system (network mounts,
 * containers) at the cost of up to one interval of delay. Which stored specs this reconciler owns (and so
 * prunes when their files are gone): those it applied since it started, plus, with a {@linkplain
 * #pruneSelector prune selector}, every stored spec carrying the selector's labels — the way to have files
 * deleted while the reconciler was down pruned after a restart (as {@code kubectl apply --prune -l}). A spec
 * whose deletion is refused stays owned, the sync reports the refusal and the next poll tries again. Thread-safe; {@link #syncNow}
 * may be called while polling runs.
 */
public final class SpecReconciler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SpecReconciler.class);
  private final SpecService specs;
  private final Caller caller;
  private final Path directory;
  private final Consumer<SpecOutcome> listener;
  private final Set<String> owned = new HashSet<>();
  private Map<String, String> selector = Map.of();
  private String fingerprint = "";
  private @Nullable ScheduledExecutorService timer;

  /**
   * @param specs the engine's spec service
   * @param caller the identity the reconciler acts as (authorized like any caller)
   * @param directory the directory of {@code .yaml}, {@code .yml} and {@code .json} spec files
   * @param listener receives the outcome of every sync that changed or refused something
   */
  public SpecReconciler(SpecService specs, Caller caller, Path directory, Consumer<SpecOutcome> listener) {
    this.specs = Objects.requireNonNull(specs, "specs");
    this.caller = Objects.requireNonNull(caller, "caller");
    this.directory = Objects.requireNonNull(directory, "directory");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /**
   * Also owns every stored spec whose {@code metadata.labels} contain all of {@code labels} (the specs in the
   * directory should carry them): such a spec is deleted once no file declares it, even if this reconciler
   * never applied it (after a restart, or one that replaced another). Returns this reconciler.
   *
   * @throws IllegalArgumentException if {@code labels} is empty (that would own every spec)
   */
  public synchronized SpecReconciler pruneSelector(Map<String, String> labels) {
    if (labels.isEmpty()) {
      throw new IllegalArgumentException("a prune selector needs at least one label");
    }
    this.selector = Map.copyOf(labels);
    return this;
  }

  /** Syncs now, then every {@code interval} on a daemon thread until {@link #close}. */
  public synchronized void start(Duration interval) {
    if (timer != null) {
      throw new IllegalStateException("already started");
    }
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "spec-reconciler");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(this::pollSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void pollSafely() {
    try {
      syncNow();
    } catch (RuntimeException e) {
      LOG.error("spec reconciliation of {} failed", directory, e);
    }
  }

  /**
   * Applies the directory if it changed since the last successful sync, prunes removed specs, and corrects
   * drift. Returns the directory's outcome (an empty {@code Applied} when nothing changed).
   */
  public synchronized SpecOutcome syncNow() {
    SpecOutcome outcome = new SpecOutcome.Applied(List.of(), List.of());
    try {
      String current = fingerprint();
      if (!current.equals(fingerprint)) {
        outcome = applyDirectory();
        if (outcome instanceof SpecOutcome.Applied) {
          fingerprint = current;
        }
        listener.accept(outcome);
      }
    } catch (IOException e) {
      outcome = rejected("unreadable_directory", "cannot read " + directory + ": " + e.getMessage());
      listener.accept(outcome);
    }
    SpecOutcome drift = specs.reconcile(caller);
    if (!(drift instanceof SpecOutcome.Applied a) || !a.changes().isEmpty()) {
      listener.accept(drift);
    }
    return outcome;
  }

  private SpecOutcome applyDirectory() throws IOException {
    List<ConnectorSpec> desired = new ArrayList<>();
    List<SpecProblem> problems = new ArrayList<>();
    for (SpecSource file : SpecFiles.read(directory)) {
      SpecValidation v = specs.validate(file);
      desired.addAll(v.specs());
      v.problems().forEach(p -> problems.add(new SpecProblem(p.document(), p.pointer(), p.code(),
          file.origin() + ": " + p.message(), p.line(), p.column())));
    }
    if (!problems.isEmpty()) {
      return new SpecOutcome.Refused(Failed.validation("invalid_spec", problems.size() + " problem(s) in "
          + directory, List.of()), problems);
    }
    List<SpecChange> changes = new ArrayList<>();
    if (!desired.isEmpty()) {
      SpecOutcome applied = specs.apply(SpecFiles.batch(directory.toString(), desired), caller);
      if (!(applied instanceof SpecOutcome.Applied a)) {
        return applied;
      }
      changes.addAll(a.changes());
    }
    Set<String> names = new HashSet<>();
    desired.forEach(s -> names.add(s.name()));
    if (!selector.isEmpty()) {
      specs.list(caller).stream().filter(s -> s.metadata().labels().entrySet().containsAll(selector.entrySet()))
          .forEach(s -> owned.add(s.name()));
    }
    for (String gone : new ArrayList<>(owned)) {
      if (!names.contains(gone)) {
        SpecOutcome deleted = specs.delete(gone, caller);
        if (deleted instanceof SpecOutcome.Applied d) {
          changes.addAll(d.changes());
          owned.remove(gone);
        } else if (!((SpecOutcome.Refused) deleted).failure().code().equals("unknown_spec")) {
          return deleted; // applied, but this one could not be pruned: report it and try again later
        } else {
          owned.remove(gone);
        }
      }
    }
    owned.addAll(names);
    return new SpecOutcome.Applied(changes, List.of());
  }

  private String fingerprint() throws IOException {
    if (!Files.isDirectory(directory)) {
      throw new IOException("not a directory");
    }
    StringBuilder sb = new StringBuilder();
    for (SpecSource s : SpecFiles.read(directory)) {
      sb.append(s.origin()).append('\0').append(s.content().hashCode()).append('\0')
          .append(s.content().length()).append('\n');
    }
    return sb.toString();
  }

  private static SpecOutcome rejected(String code, String message) {
    return SpecOutcomes.rejected(0, Failed.of(FailureClass.VALIDATION_ERROR, code, message));
  }

  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }
}
