package io.cynodeai.connector.core.internal.spec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.instance.InstanceManager;
import io.cynodeai.connector.api.instance.InstanceStatus;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.policy.Action;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.api.spec.ConnectorSpec;
import io.cynodeai.connector.api.spec.SpecChange;
import io.cynodeai.connector.api.spec.SpecOutcome;
import io.cynodeai.connector.api.spec.SpecProblem;
import io.cynodeai.connector.api.spec.SpecProgress;
import io.cynodeai.connector.api.spec.SpecService;
import io.cynodeai.connector.api.spec.SpecSource;
import io.cynodeai.connector.api.spec.SpecStatus;
import io.cynodeai.connector.api.spec.SpecValidation;
import io.cynodeai.connector.api.store.InstanceStore;
import io.cynodeai.connector.api.store.SpecStore;
import io.cynodeai.connector.core.internal.AuditEmitter;
import io.cynodeai.connector.core.internal.catalog.TypeRegistry;
import io.cynodeai.connector.core.internal.credentials.InstanceCredentials;
import io.cynodeai.connector.core.internal.tenancy.TenantBoundary;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The engine's {@link SpecService}: validation without side effects, diffs against the observed state, and
 * all-or-nothing applies and deletes serialized by one lock, each spec mapped onto the instance lifecycle and
 * audited. Every read and change is confined to the caller's tenant ({@link TenantBoundary}, judged on the
 * spec's declared owner and project): a spec out of reach is answered exactly like a missing one, and a name
 * held by another tenant cannot be applied ({@code instance_exists}, as for installing a taken id). See
 * docs/specs.md for the semantics. Thread-safe.
 */
public final class DefaultSpecService implements SpecService {
  private final TypeRegistry types;
  private final InstanceCredentials credentials;
  private volatile @Nullable SpecValidator validator;
  private final SpecStore specs;
  private final InstanceStore instances;
  private final PolicyEngine policy;
  private final SpecApplier applier;
  private final SpecAudit audit;
  private final SpecTransactions transactions;
  private final PendingAuthorizations authorizations = new PendingAuthorizations();
  private final SpecPolicyBindings bindings;
  private final TenantBoundary boundary;
  private final SpecPreflight preflight;
  private final Object writeLock = new Object();

  public DefaultSpecService(TypeRegistry types, SpecStore specs, InstanceStore instances, InstanceManager manager,
      PolicyEngine policy, AuditEmitter audit, Clock clock, InstanceCredentials credentials,
      SpecPolicyBindings bindings, TenantBoundary boundary) {
    this.types = types;
    this.boundary = boundary;
    this.credentials = credentials;
    this.bindings = bindings;
    this.specs = specs;
    this.instances = instances;
    this.policy = policy;
    this.applier = new SpecApplier(manager, instances, types, audit, clock, authorizations, credentials.specs());
    this.audit = new SpecAudit(audit, clock);
    this.transactions = SpecTransactions.of(specs, instances);
    this.preflight = new SpecPreflight(types, policy, boundary);
  }

  @Override
  public SpecValidation validate(SpecSource source) {
    Objects.requireNonNull(source, "source");
    SpecValidator v = validator;
    if (v == null) {
      // Created on first use: engines that never see a spec do not load the YAML stack.
      v = new SpecValidator(new SpecReader(), types, SecretProviderCheck.of(credentials.vault()),
          bindings.templates());
      validator = v;
    }
    return v.validate(source);
  }

  @Override
  public SpecOutcome diff(SpecSource source, Caller caller) {
    Objects.requireNonNull(caller, "caller");
    SpecValidation validation = validate(source);
    if (!validation.valid()) {
      return SpecOutcomes.invalid(validation.problems());
    }
    Current now = current(validation.specs());
    List<SpecProblem> problems = preflight.check(validation.specs(), caller, Action.OPERATION_READ, now);
    if (problems.isEmpty()) {
      problems = preflight.wouldRefuse(validation.specs(), caller, now);
    }
    if (!problems.isEmpty()) {
      return SpecOutcomes.refused(problems);
    }
    List<SpecChange> changes = new ArrayList<>();
    for (ConnectorSpec spec : validation.specs()) {
      changes.add(SpecDiffer.diff(spec, now.observed(spec.name())));
    }
    return new SpecOutcome.Applied(changes, List.of());
  }

  @Override
  public SpecOutcome apply(SpecSource source, Caller caller) {
    return apply(source, caller, SpecProgress.none());
  }

  @Override
  public SpecOutcome apply(SpecSource source, Caller caller, SpecProgress progress) {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(progress, "progress");
    SpecValidation validation = validate(source);
    if (!validation.valid()) {
      SpecOutcome out = SpecOutcomes.invalid(validation.problems());
      audit.applyRejected(source.origin(), null, caller, ((SpecOutcome.Refused) out).failure());
      return out;
    }
    synchronized (writeLock) {
      return applyValid(source.origin(), validation.specs(), caller, false, progress);
    }
  }

  /** Applies validated specs, then drops their cached policy bindings; the caller holds the write lock. */
  private SpecOutcome applyValid(String origin, List<ConnectorSpec> batch, Caller caller, boolean drift,
      SpecProgress progress) {
    try {
      return applyBatch(origin, batch, caller, drift, progress);
    } finally {
      bindings.invalidate(batch.stream().map(ConnectorSpec::name).toList());
    }
  }

  /**
   * Applies validated specs. The batch's writes run in one transaction when the stores allow it (see {@link
   * SpecTransactions}); otherwise a failed batch is undone from snapshots.
   */
  private SpecOutcome applyBatch(String origin, List<ConnectorSpec> batch, Caller caller, boolean drift,
      SpecProgress progress) {
    // Names are unique within a batch, so what was read up front stays true for each spec until it is applied.
    Current now = current(batch);
    List<SpecProblem> problems = preflight.check(batch, caller, Action.INSTANCE_MANAGE, now);
    if (!problems.isEmpty()) {
      SpecOutcome.Refused out = SpecOutcomes.refused(problems);
      audit.applyRejected(origin, batch.size() == 1 ? batch.get(0) : null, caller, out.failure());
      return out;
    }
    List<Snapshot> done = new ArrayList<>();
    try {
      return transactions.run("applying " + batch.size() + " spec(s)",
          () -> write(origin, batch, caller, drift, now, done, progress));
    } catch (BatchFailed e) {
      if (!transactions.transactional()) {
        rollback(done, caller);
      }
      audit.applyRejected(origin, e.spec, caller, e.failure);
      return SpecOutcomes.rejected(e.document, e.failure);
    }
  }

  /**
   * Makes each instance and stored spec match the batch, then audits the applied specs (only once every spec
   * succeeded, so no success is recorded for a batch that is rolled back).
   *
   * @throws BatchFailed when a spec cannot be applied; what was written before must be undone
   */
  private SpecOutcome.Applied write(String origin, List<ConnectorSpec> batch, Caller caller, boolean drift,
      Current now, List<Snapshot> done, SpecProgress progress) {
    List<SpecChange> changes = new ArrayList<>(batch.size());
    List<ConnectorSpec> saved = new ArrayList<>(batch.size());
    boolean wrote = false;
    for (int i = 0; i < batch.size(); i++) {
      ConnectorSpec spec = batch.get(i);
      SpecChange change = SpecDiffer.diff(spec, now.observed(spec.name()));
      ConnectorSpec stored = now.specs().get(spec.name());
      ConnectorInstance instance = now.instances().get(spec.name());
      done.add(new Snapshot(spec.name(), stored, instance));
      boolean lostAuthorization = instance != null && instance.status() == InstanceStatus.PENDING_AUTH
          && authorizations.find(spec.name()).isEmpty();
      boolean converge = change.kind() != SpecChange.Kind.UNCHANGED || lostAuthorization;
      Failed failed = converge ? applier.apply(spec, instance, caller) : null;
      if (failed != null) {
        throw new BatchFailed(i, spec, failed);
      }
      ConnectorSpec kept = save(spec, stored);
      wrote |= converge || kept != stored;
      saved.add(kept);
      changes.add(change);
      progress.processed(changes.size(), batch.size());
    }
    for (int i = 0; i < saved.size(); i++) {
      audit.applied(origin, saved.get(i), caller, changes.get(i), drift);
    }
    Current after = wrote ? current(batch) : now; // nothing written: what was read is still the state
    List<SpecStatus> statuses = new ArrayList<>(batch.size());
    for (ConnectorSpec spec : batch) {
      ConnectorSpec stored = after.specs().get(spec.name());
      if (stored != null) {
        statuses.add(status(stored, after.instances().get(spec.name())));
      }
    }
    return new SpecOutcome.Applied(changes, statuses);
  }

  private ConnectorSpec save(ConnectorSpec spec, @Nullable ConnectorSpec stored) {
    if (stored != null && SpecDiffer.sameDesiredState(spec, stored)) {
      return stored;
    }
    String uid = stored != null ? Objects.requireNonNull(stored.metadata().uid()) : UUID.randomUUID().toString();
    long version = stored != null ? Long.parseLong(Objects.requireNonNull(stored.metadata().resourceVersion())) + 1
        : 1;
    ConnectorSpec saved = spec.withIdentity(uid, Long.toString(version));
    specs.put(saved);
    return saved;
  }

  private void rollback(List<Snapshot> done, Caller caller) {
    for (int i = done.size() - 1; i >= 0; i--) {
      Snapshot s = done.get(i);
      applier.restore(s.name, s.instance, caller);
      if (s.spec == null) {
        specs.remove(s.name);
      } else {
        specs.put(s.spec);
      }
    }
  }

  /** Whether the spec is within the caller's tenant for this action; out of reach, it does not exist for them. */
  private boolean inReach(ConnectorSpec spec, Caller caller, Action action) {
    return boundary.reachable(spec.metadata().owner(), spec.metadata().projectId(), caller, action);
  }

  @Override
  public List<ConnectorSpec> list(Caller caller) {
    Objects.requireNonNull(caller, "caller");
    return specs.list().stream().filter(s -> inReach(s, caller, Action.OPERATION_READ))
        .filter(s -> allowed(Action.OPERATION_READ, s.name(), s.spec().type(), caller)).toList();
  }

  @Override
  public Optional<ConnectorSpec> get(String name, Caller caller) {
    Objects.requireNonNull(caller, "caller");
    return specs.find(name).filter(s -> inReach(s, caller, Action.OPERATION_READ))
        .filter(s -> allowed(Action.OPERATION_READ, s.name(), s.spec().type(), caller));
  }

  @Override
  public SpecOutcome delete(String name, Caller caller) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(caller, "caller");
    synchronized (writeLock) {
      Optional<ConnectorSpec> stored = specs.find(name)
          .filter(s -> inReach(s, caller, Action.INSTANCE_MANAGE)); // out of reach: answered as missing
      Failed failed = access(stored, name, Action.INSTANCE_MANAGE, "delete", caller);
      if (failed == null && instances.find(name).filter(i -> !i.deleted()).isPresent()) {
        LifecycleOutcome out = applier.uninstall(name, caller);
        if (out instanceof LifecycleOutcome.Refused r) {
          failed = r.failure();
        }
      }
      if (failed != null) {
        audit.deleteRejected(name, stored.orElse(null), caller, failed);
        return SpecOutcomes.rejected(0, failed);
      }
      specs.remove(name);
      bindings.invalidate(List.of(name));
      authorizations.forget(name);
      audit.deleted(stored.get(), caller);
      return new SpecOutcome.Applied(List.of(new SpecChange(name, SpecChange.Kind.DELETE, List.of())), List.of());
    }
  }

  @Override
  public Optional<SpecStatus> status(String name, Caller caller) {
    return get(name, caller).flatMap(s -> status(s.name()));
  }

  @Override
  public SpecOutcome reconcile(Caller caller) {
    Objects.requireNonNull(caller, "caller");
    synchronized (writeLock) {
      List<SpecChange> changes = new ArrayList<>();
      List<SpecStatus> statuses = new ArrayList<>();
      List<ConnectorSpec> all = specs.list().stream().filter(s -> inReach(s, caller, Action.INSTANCE_MANAGE))
          .toList();
      Map<String, ConnectorInstance> live = instances.findAll(all.stream().map(ConnectorSpec::name).toList());
      for (ConnectorSpec spec : all) {
        SpecChange drift = SpecDiffer.diff(spec, SpecDiffer.observed(spec, live.get(spec.name())));
        if (drift.kind() == SpecChange.Kind.UNCHANGED) {
          continue;
        }
        SpecOutcome out = applyValid("reconcile", List.of(spec), caller, true, SpecProgress.none());
        if (out instanceof SpecOutcome.Applied a) {
          changes.addAll(a.changes());
          statuses.addAll(a.statuses());
        } else {
          return out;
        }
      }
      return new SpecOutcome.Applied(changes, statuses);
    }
  }

  @Override
  public SpecOutcome completeAuthorization(String name, String state, Caller caller) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(caller, "caller");
    synchronized (writeLock) {
      Optional<ConnectorSpec> stored = specs.find(name)
          .filter(s -> inReach(s, caller, Action.CREDENTIAL_MANAGE));
      Failed failed = access(stored, name, Action.CREDENTIAL_MANAGE, "authorize", caller);
      if (failed == null && !authorizations.complete(name, state)) {
        failed = Failed.of(FailureClass.VALIDATION_ERROR, "invalid_state",
            "'" + name + "' is not waiting for an authorization with that state");
      }
      if (failed == null && applier.enable(name, caller) instanceof LifecycleOutcome.Refused r) {
        failed = r.failure();
      }
      if (failed != null) {
        audit.authorizeRejected(name, stored.orElse(null), caller, failed);
        return SpecOutcomes.rejected(0, failed);
      }
      audit.authorized(stored.get(), caller);
      return new SpecOutcome.Applied(List.of(new SpecChange(name, SpecChange.Kind.UNCHANGED, List.of())),
          status(name).stream().toList());
    }
  }

  private Optional<SpecStatus> status(String name) {
    return specs.find(name).map(spec -> status(spec, instances.find(name).orElse(null)));
  }

  private SpecStatus status(ConnectorSpec spec, @Nullable ConnectorInstance instance) {
    String name = spec.name();
    Optional<ConnectorInstance> inst = Optional.ofNullable(instance).filter(i -> !i.deleted());
    return new SpecStatus(name, Objects.requireNonNull(spec.metadata().uid()),
        Objects.requireNonNull(spec.metadata().resourceVersion()), spec.spec().enabled(),
        inst.map(ConnectorInstance::status).orElse(null), inst.map(ConnectorInstance::lastError).orElse(null),
        inst.map(ConnectorInstance::healthCheckedAt).orElse(null),
        inst.filter(i -> i.status() == InstanceStatus.PENDING_AUTH)
            .flatMap(i -> authorizations.find(name)).map(PendingAuthorizations.Pending::url).orElse(null));
  }

  /** The stored specs and instances of a batch's names, read in two queries rather than several per spec. */
  private Current current(List<ConnectorSpec> batch) {
    List<String> names = batch.stream().map(ConnectorSpec::name).toList();
    return new Current(specs.findAll(names), instances.findAll(names));
  }

  /** What is stored for a batch's names, read once. */
  record Current(Map<String, ConnectorSpec> specs, Map<String, ConnectorInstance> instances) {
    @Nullable ObjectNode observed(String name) {
      return SpecDiffer.observed(specs.get(name), instances.get(name));
    }
  }

  /**
   * Null when the caller may {@code verb} the stored spec (already filtered to the caller's reach), else the
   * refusal: {@code unknown_spec} when there is none, {@code policy_denied} when the policy says no.
   */
  private @Nullable Failed access(Optional<ConnectorSpec> stored, String name, Action action, String verb,
      Caller caller) {
    if (stored.isEmpty()) {
      return Failed.of(FailureClass.VALIDATION_ERROR, "unknown_spec", "no spec named '" + name + "'");
    }
    return allowed(action, name, stored.get().spec().type(), caller) ? null
        : Failed.of(FailureClass.POLICY_DENIED, "policy_denied", "the caller may not " + verb + " '" + name + "'");
  }

  private boolean allowed(Action action, String name, String type, Caller caller) {
    return preflight.allowed(action, name, type, caller);
  }

  private record Snapshot(String name, @Nullable ConnectorSpec spec, @Nullable ConnectorInstance instance) {}

  /** A spec of a batch could not be applied: the batch is undone. Carries no stack trace. */
  private static final class BatchFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int document;
    final transient ConnectorSpec spec;
    final transient Failed failure;

    BatchFailed(int document, ConnectorSpec spec, Failed failure) {
      super(failure.code(), null, false, false);
      this.document = document;
      this.spec = spec;
      this.failure = failure;
    }
  }
}
