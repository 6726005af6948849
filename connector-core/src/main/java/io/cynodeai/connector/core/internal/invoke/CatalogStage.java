package io.cynodeai.connector.core.internal.invoke;

import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.core.internal.catalog.CatalogGate;
import org.jspecify.annotations.Nullable;

/**
 * Applies the host's connector catalog (§13) to a call the policy allowed: a type version that is not
 * approved, is retired or is disabled by a feature flag for the instance's tenant is refused; a deprecated one
 * runs and its response carries the deprecation warning. Runs after authorization so an unauthorized caller
 * learns nothing about the catalog.
 */
final class CatalogStage implements Stage {
  private final CatalogGate catalog;

  CatalogStage(CatalogGate catalog) {
    this.catalog = catalog;
  }

  @Override
  public @Nullable Failed apply(Invocation inv) {
    ConnectorInstance instance = inv.instance();
    Failed refused = catalog.check(CatalogGate.Use.INVOKE, inv.type().type(), instance.projectId(),
        instance.owner(), inv.request.caller());
    if (refused == null) {
      inv.catalogWarning = catalog.warning(inv.type().type());
    }
    return refused;
  }
}
