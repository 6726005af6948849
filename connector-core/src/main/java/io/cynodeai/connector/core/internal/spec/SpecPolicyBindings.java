package io.cynodeai.connector.core.internal.spec;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.cynodeai.connector.api.policy.PolicyContext;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.api.store.SpecStore;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The spec policies bound to instances, for the invocation path (§19.6, REQ-DECL-010): a cache from instance
 * name to its compiled {@link SpecPolicy}, filled from the {@link SpecStore} on a miss. Instances not created
 * from a spec, or whose spec has no policy, have no binding; that answer is cached too, so a call costs no
 * store read once the cache is warm.
 *
 * <p>The engine's own spec service invalidates the names it applies, reconciles or deletes as soon as it
 * has written them, so a change takes effect on this engine immediately. Another engine sharing the database
 * sees it at most {@code staleness} later (entries expire that long after they were loaded). Thread-safe.
 */
public final class SpecPolicyBindings {
  /** How long another engine node may keep using a spec policy that changed in a shared store. */
  public static final Duration DEFAULT_STALENESS = Duration.ofSeconds(5);
  private static final int MAX_ENTRIES = 100_000;

  private final LoadingCache<String, Optional<SpecPolicy>> bindings;
  private final TemplateCatalog templates;

  public SpecPolicyBindings(SpecStore specs, PolicyEngine policy, Duration staleness) {
    Objects.requireNonNull(specs, "specs");
    this.templates = TemplateCatalog.of(Objects.requireNonNull(policy, "policy"));
    this.bindings = Caffeine.newBuilder().expireAfterWrite(staleness).maximumSize(MAX_ENTRIES)
        .build(name -> specs.find(name).flatMap(SpecPolicy::of));
  }

  /**
   * Why the spec bound to {@code ctx}'s instance forbids invoking its operation, or null when no spec policy
   * forbids it. Only narrows: the host's policy must already have allowed the call.
   *
   * @throws io.cynodeai.connector.api.store.StoreException when the spec store cannot be read (fails closed)
   */
  public @Nullable String denial(PolicyContext ctx, boolean mutating) {
    String instance = ctx.connectorInstanceId();
    if (instance == null) {
      return null;
    }
    Optional<SpecPolicy> bound = bindings.get(instance);
    return bound.isEmpty() ? null : bound.get().denial(ctx, mutating, templates);
  }

  /** Forgets what is cached for these instances; the next call reads their specs again. */
  public void invalidate(Collection<String> names) {
    bindings.invalidateAll(names);
  }

  /** The templates a spec may name. */
  TemplateCatalog templates() {
    return templates;
  }
}
