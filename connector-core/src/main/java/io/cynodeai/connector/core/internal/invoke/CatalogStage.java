package io.cynodeai.connector.core.internal.invoke;

import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.core.internal.run.CallAdmission;
import org.jspecify.annotations.Nullable;

/**
 * Applies the host's connector catalog (§13) to a call the policy allowed: a type version that is not
 * approved, is retired or is disabled by a feature flag for the instance's tenant is refused; a deprecated one
 * runs and its response carries the deprecation warning. Runs after authorization so an unauthorized caller
 * learns nothing about the catalog.
 */
final class CatalogStage implements Stage {
  private final CallAdmission admission;

  CatalogStage(CallAdmission admission) {
    this.admission = admission;
  }

  @Override
  public @Nullable Failed apply(Invocation inv) {
    Failed refused = admission.catalog(inv.type().type(), inv.instance(), inv.request.caller());
    if (refused == null) {
      inv.catalogWarning = admission.catalogWarning(inv.type().type());
    }
    return refused;
  }
}
