package io.cynodeai.connector.core.internal.spec;

import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.spec.ConnectorSpec;
import io.cynodeai.connector.api.spec.SpecProblem;
import io.cynodeai.connector.spi.SemanticVersion;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The checks that need the current state: a submitted uid or resourceVersion must match the stored spec
 * (optimistic concurrency, §19.8), and a spec may not move an existing instance to another type, owner or
 * project (tenancy boundaries are never crossed by an apply), nor across a major version of its type. Stateless.
 */
final class SpecConflicts {
  private SpecConflicts() {}

  static void identity(int doc, ConnectorSpec spec, @Nullable ConnectorSpec stored, List<SpecProblem> out) {
    String uid = spec.metadata().uid();
    String version = spec.metadata().resourceVersion();
    if (stored == null) {
      if (uid != null || version != null) {
        out.add(new SpecProblem(doc, uid != null ? "/metadata/uid" : "/metadata/resourceVersion", "conflict",
            "no spec named '" + spec.name() + "' is stored (it was deleted or never applied); remove uid and "
                + "resourceVersion to create it", 0, 0));
      }
      return;
    }
    if (uid != null && !uid.equals(stored.metadata().uid())) {
      out.add(new SpecProblem(doc, "/metadata/uid", "conflict", "the stored spec '" + spec.name()
          + "' has another uid: it was deleted and re-created since this copy was read", 0, 0));
    }
    if (version != null && !version.equals(stored.metadata().resourceVersion())) {
      out.add(new SpecProblem(doc, "/metadata/resourceVersion", "conflict", "the stored spec '" + spec.name()
          + "' is at resourceVersion " + stored.metadata().resourceVersion() + ", not " + version
          + ": read it again and re-apply", 0, 0));
    }
  }

  /**
   * A spec may not move a live instance across a major version of its type (docs/compatibility.md): that is
   * an explicit step, {@code InstanceManager.migrate}, after which the spec with the new pin applies.
   * {@code target} is the version the spec's pin resolves to, or null when it resolves to none (validation
   * reports that).
   */
  static void majorVersion(int doc, ConnectorSpec spec, ConnectorInstance instance, @Nullable String target,
      List<SpecProblem> out) {
    if (target == null || !SemanticVersion.isValid(target)
        || !SemanticVersion.isValid(instance.connectorTypeVersion())) {
      return;
    }
    int from = SemanticVersion.parse(instance.connectorTypeVersion()).major();
    int to = SemanticVersion.parse(target).major();
    if (from != to) {
      out.add(new SpecProblem(doc, "/spec/typeVersion", "major_version_change", "instance '" + spec.name()
          + "' runs " + instance.connectorType() + " " + instance.connectorTypeVersion() + "; the pin '"
          + spec.spec().typeVersion() + "' resolves to " + target + ", across a major version. Move it "
          + "explicitly first (InstanceManager.migrate), then apply this spec", 0, 0));
    }
  }

  static void immutable(int doc, ConnectorSpec spec, ConnectorInstance instance, List<SpecProblem> out) {
    if (!instance.connectorType().equals(spec.spec().type())) {
      out.add(new SpecProblem(doc, "/spec/type", "immutable_field", "instance '" + spec.name() + "' is of type '"
          + instance.connectorType() + "'; the type cannot change (delete the spec and apply a new name)", 0, 0));
    }
    if (!instance.owner().equals(spec.metadata().owner())) {
      out.add(new SpecProblem(doc, "/metadata/owner", "immutable_field", "instance '" + spec.name()
          + "' belongs to another owner; ownership cannot move by apply", 0, 0));
    }
    if (!Objects.equals(instance.projectId(), spec.metadata().projectId())) {
      out.add(new SpecProblem(doc, "/metadata/projectId", "immutable_field", "instance '" + spec.name()
          + "' belongs to another project; the project cannot change by apply", 0, 0));
    }
  }
}
