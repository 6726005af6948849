package io.cynodeai.connector.core.internal.catalog;

import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.core.catalog.Certification;
import io.cynodeai.connector.spi.ConnectorType;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Certification before general availability (§15): when required, an instance may be enabled only if its type
 * version has a passing {@link Certification} for the very descriptor the engine runs. Digests are computed
 * once per type version. Thread-safe.
 */
public final class CertificationGate {
  private static final CertificationGate OFF = new CertificationGate(null);
  private final @Nullable List<Certification> records;
  private final Map<String, String> digests = new ConcurrentHashMap<>();

  private CertificationGate(@Nullable List<Certification> records) {
    this.records = records;
  }

  /** No certification required (the default). */
  public static CertificationGate off() {
    return OFF;
  }

  /** Certification required; {@code records} are the certifications the host accepts. */
  public static CertificationGate requiring(Collection<Certification> records) {
    return new CertificationGate(List.copyOf(records));
  }

  public boolean required() {
    return records != null;
  }

  /** Null when instances of {@code type} may be enabled, else the refusal. */
  public @Nullable Failed check(ConnectorType type) {
    if (records == null) {
      return null;
    }
    String digest = digests.computeIfAbsent(type.coordinates(), k -> Certification.digest(type));
    for (Certification c : records) {
      if (c.passed() && c.connectorType().equals(type.name()) && c.version().equals(type.version())
          && c.descriptorDigest().equals(digest)) {
        return null;
      }
    }
    boolean other = records.stream().anyMatch(c -> c.coordinates().equals(type.coordinates()));
    return Failed.of(FailureClass.POLICY_DENIED, "not_certified", "connector type " + type.coordinates()
        + (other ? " has no passing certification for this descriptor (digest " + digest.substring(0, 12)
            + "...): certify this build with the testkit" : " is not certified; this engine requires a passing"
            + " certification (connector-testkit) before instances are enabled"));
  }
}
