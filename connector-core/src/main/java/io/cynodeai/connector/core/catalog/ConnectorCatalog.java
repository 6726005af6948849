package io.cynodeai.connector.core.catalog;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.api.audit.AuditSink;
import io.cynodeai.connector.api.policy.Action;
import io.cynodeai.connector.api.policy.PolicyContext;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.core.catalog.CatalogEntry.Approval;
import io.cynodeai.connector.core.catalog.CatalogEntry.Decision;
import io.cynodeai.connector.core.catalog.CatalogEntry.Deprecation;
import io.cynodeai.connector.core.catalog.CatalogEntry.Lifecycle;
import io.cynodeai.connector.core.internal.PolicyGate;
import io.cynodeai.connector.spi.ConnectorType;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The connector catalog (§13): which connector type versions a host offers, and under which conditions. A
 * version is <b>submitted</b>, gets a <b>security review</b> by someone other than its submitter, and is
 * <b>approved</b> (only when its latest review passed) or <b>rejected</b>; an approved version is
 * <b>active</b>, may be <b>deprecated</b> (with a sunset date and a replacement) and then <b>retired</b>.
 * <b>Feature flags</b> turn a type (or one version) off or on globally or for a project or group. An engine
 * built with {@code EngineBuilder.catalog(catalog)} enforces all of it on install, enable and invoke, reading
 * the catalog on every request so changes take effect immediately (see {@code docs/catalog.md}).
 *
 * <p>Reading the catalog needs {@code connector.catalog.read}; changing it needs {@code
 * connector.instance.manage} (the §9.1 taxonomy has no separate catalog-write action). Every change request,
 * refused or not, is audited as a {@code catalog} event. Thread-safe: changes are serialized per catalog.
 */
public final class ConnectorCatalog {
  private final CatalogStore store;
  private final PolicyEngine policy;
  private final AuditSink audit;
  private final Clock clock;
  private final CatalogVersions versions;

  private ConnectorCatalog(CatalogStore store, PolicyEngine policy, AuditSink audit, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.versions = new CatalogVersions(store);
  }

  /** A catalog kept in {@code store}, authorized by {@code policy}, audited to {@code audit}. */
  public static ConnectorCatalog create(CatalogStore store, PolicyEngine policy, AuditSink audit, Clock clock) {
    return new ConnectorCatalog(store, policy, audit, clock);
  }

  /** A catalog in memory, on the system clock. */
  public static ConnectorCatalog inMemory(PolicyEngine policy, AuditSink audit) {
    return create(new InMemoryCatalogStore(), policy, audit, Clock.systemUTC());
  }

  /** The store, as the engine reads it; hosts change the catalog through this class only. */
  public CatalogStore store() {
    return store;
  }

  /**
   * Submits {@code type}'s version for approval. The catalog keeps its descriptor to enforce §3.1 (minor versions
   * are additive only): a version that breaks the version before it in its major version (or that the version
   * after it breaks), among the submitted or approved versions whose descriptors this catalog holds, is refused
   * with {@code incompatible_version}, the message holding the compatibility checker's report; so such a version
   * never reaches approval. A version submitted by name only cannot be compared, and the descriptors are kept
   * by this catalog object (not in its store).
   */
  public CatalogOutcome<CatalogEntry> submit(ConnectorType type, Caller caller) {
    return submit(type, false, caller);
  }

  /**
   * Submits a type version for approval. A rejected version may be submitted again (its history starts over);
   * any other existing version is refused with {@code already_submitted}.
   */
  public CatalogOutcome<CatalogEntry> submit(String type, String version, Caller caller) {
    return submit(type, version, false, caller);
  }

  /**
   * Submits an untrusted type version (one loaded from a bundle or run in the sandbox) for approval. Besides a
   * passed security review, approving it requires that review to record a passed supply-chain scan ({@link
   * BundleScanner}) and dependency review ({@link DependencyReviewer}) of the same bundle; see {@link
   * #recordReview(String, String, SecurityReview.Verdict, String, SupplyChainEvidence, Caller)}.
   */
  public CatalogOutcome<CatalogEntry> submitUntrusted(String type, String version, Caller caller) {
    return submit(type, version, true, caller);
  }

  /** Submits an untrusted {@code type}'s version; see {@link #submitUntrusted(String, String, Caller)}. */
  public CatalogOutcome<CatalogEntry> submitUntrusted(ConnectorType type, Caller caller) {
    return submit(type, true, caller);
  }

  private CatalogOutcome<CatalogEntry> submit(ConnectorType type, boolean untrusted, Caller caller) {
    Objects.requireNonNull(type, "type");
    return submit(type.name(), type.version(), untrusted, type, caller);
  }

  private CatalogOutcome<CatalogEntry> submit(String type, String version, boolean untrusted, Caller caller) {
    return submit(type, version, untrusted, null, caller);
  }

  private synchronized CatalogOutcome<CatalogEntry> submit(String type, String version, boolean untrusted,
      @Nullable ConnectorType descriptor, Caller caller) {
    Request req = new Request("catalog.submit", type, version, caller);
    Failed refused = authorize(req, Action.INSTANCE_MANAGE);
    if (refused == null && (type.isBlank() || version.isBlank())) {
      refused = invalid("invalid_coordinates", "a connector type name and version are required");
    }
    Optional<CatalogEntry> existing = refused == null ? store.find(type, version) : Optional.empty();
    if (existing.isPresent() && existing.get().approval() != Approval.REJECTED) {
      refused = invalid("already_submitted", "connector type " + existing.get().coordinates()
          + " is already in the catalog (" + existing.get().approval().name().toLowerCase(Locale.ROOT) + ")");
    }
    if (refused == null && descriptor != null) {
      refused = versions.incompatibility(descriptor);
    }
    if (refused != null) {
      return rejected(req, refused);
    }
    if (descriptor == null) {
      versions.forget(type, version);
    } else {
      versions.remember(descriptor);
    }
    return applied(req, CatalogEntry.submitted(type, version, caller.userId(), clock.instant(), untrusted));
  }

  /**
   * Records a security review of a submitted version by the caller. The submitter cannot review their own
   * submission ({@code reviewer_is_submitter}); a failed review needs notes.
   */
  public CatalogOutcome<CatalogEntry> recordReview(String type, String version, SecurityReview.Verdict verdict,
      String notes, Caller caller) {
    return recordReview(type, version, verdict, notes, null, caller);
  }

  /**
   * Records a security review together with the {@link SupplyChainEvidence} of the bundle's supply-chain scan
   * and dependency review (needed to approve an untrusted type version). Otherwise as {@link
   * #recordReview(String, String, SecurityReview.Verdict, String, Caller)}.
   */
  public CatalogOutcome<CatalogEntry> recordReview(String type, String version, SecurityReview.Verdict verdict,
      String notes, @Nullable SupplyChainEvidence supplyChain, Caller caller) {
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(notes, "notes");
    return change("catalog.review", type, version, caller, entry -> {
      if (entry.approval() != Approval.SUBMITTED) {
        return transition(entry, "reviewed");
      }
      if (entry.submittedBy().equals(caller.userId())) {
        return Failed.of(FailureClass.POLICY_DENIED, "reviewer_is_submitter", "the security review of "
            + entry.coordinates() + " must be made by someone other than its submitter '" + entry.submittedBy()
            + "'");
      }
      if (verdict == SecurityReview.Verdict.FAILED && notes.isBlank()) {
        return invalid("notes_required", "a failed security review must say why (notes)");
      }
      return entry.withReview(new SecurityReview(caller.userId(), clock.instant(), verdict, notes, supplyChain));
    });
  }

  /**
   * Approves a submitted version; refused with {@code review_required} unless its latest review passed. For an
   * untrusted version that review must also record a passed supply-chain scan ({@code
   * supply_chain_scan_failed} otherwise, also when none was recorded) and a passed dependency review of the
   * same bundle ({@code dependency_review_failed}).
   */
  public CatalogOutcome<CatalogEntry> approve(String type, String version, String reason, Caller caller) {
    return change("catalog.approve", type, version, caller, entry -> {
      if (entry.approval() != Approval.SUBMITTED) {
        return transition(entry, "approved");
      }
      SecurityReview review = entry.latestReview();
      if (review == null || !review.passed()) {
        return Failed.of(FailureClass.POLICY_DENIED, "review_required", "connector type " + entry.coordinates()
            + (review == null ? " has no security review" : " failed its latest security review (by "
            + review.reviewer() + ")") + "; approval requires a passed security review");
      }
      Failed supplyChain = entry.untrusted() ? supplyChainRefusal(entry, review.supplyChain()) : null;
      if (supplyChain != null) {
        return supplyChain;
      }
      return entry.decided(Approval.APPROVED, new Decision(caller.userId(), clock.instant(), reason));
    });
  }

  /** Rejects a submitted version. */
  public CatalogOutcome<CatalogEntry> reject(String type, String version, String reason, Caller caller) {
    Objects.requireNonNull(reason, "reason");
    return change("catalog.reject", type, version, caller, entry -> entry.approval() != Approval.SUBMITTED
        ? transition(entry, "rejected")
        : entry.decided(Approval.REJECTED, new Decision(caller.userId(), clock.instant(), reason)));
  }

  /**
   * Deprecates an approved, active version: from now on new installs are refused ({@code type_deprecated}),
   * existing instances keep running and every response carries a deprecation warning.
   *
   * @param sunset the day the version is to be retired (today or later)
   * @param replacement the {@code name@version} to move to, or null
   */
  public CatalogOutcome<CatalogEntry> deprecate(String type, String version, LocalDate sunset,
      @Nullable String replacement, Caller caller) {
    Objects.requireNonNull(sunset, "sunset");
    return change("catalog.deprecate", type, version, caller, entry -> {
      if (entry.approval() != Approval.APPROVED || entry.lifecycle() != Lifecycle.ACTIVE) {
        return transition(entry, "deprecated");
      }
      if (sunset.isBefore(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC))) {
        return invalid("invalid_sunset", "the sunset date " + sunset + " is in the past");
      }
      return entry.deprecated(new Deprecation(sunset, replacement, caller.userId(), clock.instant()));
    });
  }

  /** Retires a deprecated version: its instances can no longer be enabled or invoked ({@code type_retired}). */
  public CatalogOutcome<CatalogEntry> retire(String type, String version, String reason, Caller caller) {
    Objects.requireNonNull(reason, "reason");
    return change("catalog.retire", type, version, caller, entry -> entry.lifecycle() != Lifecycle.DEPRECATED
        ? transition(entry, "retired (deprecate it first)")
        : entry.retired(new Decision(caller.userId(), clock.instant(), reason)));
  }

  /**
   * Sets a feature flag: {@code type} (every version, or only {@code version}) enabled or disabled globally or
   * for one project or group. It replaces the flag with the same type, version and scope, and applies to the
   * next request.
   *
   * @param tenantId the project or group id; null for {@link FeatureFlag.Scope#GLOBAL}
   */
  public synchronized CatalogOutcome<FeatureFlag> setFlag(String type, @Nullable String version,
      FeatureFlag.Scope scope, @Nullable String tenantId, boolean enabled, Caller caller) {
    Request req = new Request("catalog.flag", type, version, caller);
    Failed refused = authorize(req, Action.INSTANCE_MANAGE);
    FeatureFlag flag = null;
    if (refused == null) {
      try {
        flag = new FeatureFlag(type, version, scope, tenantId, enabled, caller.userId(), clock.instant());
      } catch (IllegalArgumentException e) {
        refused = invalid("invalid_flag", e.getMessage());
      }
    }
    if (refused != null || flag == null) {
      emit(req, Objects.requireNonNull(refused));
      return new CatalogOutcome.Refused<>(refused);
    }
    store.putFlag(flag);
    emit(req, null, event(req).detail("flag", flag.key()).detail("enabled", Boolean.toString(enabled)));
    return new CatalogOutcome.Applied<>(flag);
  }

  /** One version's entry, if the caller may read the catalog and it exists. */
  public Optional<CatalogEntry> entry(String type, String version, Caller caller) {
    return mayRead(caller, type) ? store.find(type, version) : Optional.empty();
  }

  /** Every entry, if the caller may read the catalog; else none. */
  public List<CatalogEntry> entries(Caller caller) {
    return mayRead(caller, null) ? store.entries() : List.of();
  }

  /** Every feature flag, if the caller may read the catalog; else none. */
  public List<FeatureFlag> flags(Caller caller) {
    return mayRead(caller, null) ? store.flags() : List.of();
  }

  private boolean mayRead(Caller caller, @Nullable String type) {
    return PolicyGate.evaluate(policy, context(Action.CATALOG_READ, caller, type)).allowed();
  }

  /** Load an existing entry, authorize, compute the next entry (or a refusal), store, audit. */
  private synchronized CatalogOutcome<CatalogEntry> change(String verb, String type, String version, Caller caller,
      Function<CatalogEntry, Object> next) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(version, "version");
    Request req = new Request(verb, type, version, caller);
    Failed refused = authorize(req, Action.INSTANCE_MANAGE);
    if (refused != null) {
      return rejected(req, refused);
    }
    Optional<CatalogEntry> found = store.find(type, version);
    if (found.isEmpty()) {
      return rejected(req, invalid("unknown_type_version", "connector type " + type + "@" + version
          + " is not in the catalog; submit it first"));
    }
    Object result = next.apply(found.get());
    return result instanceof Failed f ? rejected(req, f) : applied(req, (CatalogEntry) result);
  }

  private static @Nullable Failed supplyChainRefusal(CatalogEntry entry, @Nullable SupplyChainEvidence evidence) {
    SupplyChainEvidence.Check scan = evidence == null ? null : evidence.scan();
    SupplyChainEvidence.Check deps = evidence == null ? null : evidence.dependencyReview();
    String subject = "untrusted connector type " + entry.coordinates();
    if (scan == null || !scan.passed()) {
      return Failed.of(FailureClass.POLICY_DENIED, "supply_chain_scan_failed", subject
          + (scan == null ? " has no supply-chain scan recorded with its security review"
              : " failed its supply-chain scan (" + scan.summary() + ")")
          + "; approval requires a passed scan");
    }
    if (deps == null || !deps.passed() || !deps.bundleSha256().equals(scan.bundleSha256())) {
      return Failed.of(FailureClass.POLICY_DENIED, "dependency_review_failed", subject
          + (deps == null ? " has no dependency review recorded with its security review"
              : !deps.passed() ? " failed its dependency review (" + deps.summary() + ")"
                  : "'s dependency review examined another bundle than its scan")
          + "; approval requires a passed dependency review of the scanned bundle");
    }
    return null;
  }

  private static Failed transition(CatalogEntry entry, String verb) {
    return invalid("invalid_transition", "connector type " + entry.coordinates() + " is "
        + entry.approval().name().toLowerCase(Locale.ROOT) + " and "
        + entry.lifecycle().name().toLowerCase(Locale.ROOT)
        + "; it cannot be " + verb);
  }

  private static Failed invalid(String code, String message) {
    return Failed.of(FailureClass.VALIDATION_ERROR, code, message);
  }

  private @Nullable Failed authorize(Request req, Action action) {
    PolicyGate.Verdict verdict = PolicyGate.authorize(policy, context(action, req.caller, req.type));
    req.decision = verdict.decision();
    return verdict.refusal();
  }

  private static PolicyContext context(Action action, Caller caller, @Nullable String type) {
    return new PolicyContext(action, caller.userId(), caller.groupIds(), caller.projectId(), null, type, null,
        null);
  }

  private CatalogOutcome<CatalogEntry> rejected(Request req, Failed failure) {
    emit(req, failure);
    return new CatalogOutcome.Refused<>(failure);
  }

  private CatalogOutcome<CatalogEntry> applied(Request req, CatalogEntry entry) {
    store.put(entry);
    AuditEvent.Builder event = event(req).detail("approval", entry.approval().name().toLowerCase(Locale.ROOT))
        .detail("lifecycle", entry.lifecycle().name().toLowerCase(Locale.ROOT));
    if (entry.untrusted()) {
      event.detail("untrusted", "true");
    }
    emit(req, null, event);
    return new CatalogOutcome.Applied<>(entry);
  }

  private void emit(Request req, Failed failure) {
    emit(req, failure, event(req));
  }

  private void emit(Request req, @Nullable Failed failure, AuditEvent.Builder event) {
    if (failure == null) {
      event.succeeded();
    } else {
      event.failed(failure.failureClass(), failure.code());
    }
    audit.record(event.build());
  }

  private AuditEvent.Builder event(Request req) {
    AuditEvent.Builder b = AuditEvent.builder(AuditEventType.CATALOG, clock.instant()).action(req.verb)
        .caller(req.caller.userId(), req.caller.projectId()).instance(null, req.type)
        .policyDecision(req.decision);
    if (req.version != null) {
      b.detail("version", req.version);
    }
    return b;
  }

  private static final class Request {
    final String verb;
    final String type;
    final @Nullable String version;
    final Caller caller;
    @Nullable String decision;

    Request(String verb, String type, @Nullable String version, Caller caller) {
      this.verb = verb;
      this.type = Objects.requireNonNull(type, "type");
      this.version = version;
      this.caller = Objects.requireNonNull(caller, "caller");
    }
  }
}
