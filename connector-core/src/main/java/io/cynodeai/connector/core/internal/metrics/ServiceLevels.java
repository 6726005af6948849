package io.cynodeai.connector.core.internal.metrics;

import io.cynodeai.connector.core.internal.catalog.RegisteredType;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.SemanticVersion;
import io.cynodeai.connector.spi.ServiceLevelObjective;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Collects the declared SLOs by type name; when several versions declare one, the newest version's wins. */
public final class ServiceLevels {
  private ServiceLevels() {}

  public static Map<String, ServiceLevelObjective> declared(List<RegisteredType> registered) {
    Map<String, ConnectorType> newest = new HashMap<>();
    for (RegisteredType r : registered) {
      if (r.type().slo().isEmpty()) {
        continue;
      }
      newest.merge(r.type().name(), r.type(), (a, b) -> SemanticVersion.parse(a.version())
          .compareTo(SemanticVersion.parse(b.version())) >= 0 ? a : b);
    }
    Map<String, ServiceLevelObjective> out = new HashMap<>();
    newest.forEach((name, type) -> out.put(name, type.slo().orElseThrow()));
    return out;
  }
}
