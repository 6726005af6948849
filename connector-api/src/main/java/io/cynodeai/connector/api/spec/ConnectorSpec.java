package io.cynodeai.connector.api.spec;

import java.util.Objects;

/**
 * One desired-state document (§19.3): {@code apiVersion: cynodeai.io/v1alpha1}, {@code kind: Connector},
 * its {@link SpecMetadata metadata} and its {@link SpecBody spec}. Immutable; instances are produced by the
 * engine's parser, which has already checked the document against the strict schema.
 */
public record ConnectorSpec(String apiVersion, String kind, SpecMetadata metadata, SpecBody spec) {
  /** The only API version this engine reads. */
  public static final String API_VERSION = "cynodeai.io/v1alpha1";
  /** The only kind this engine reads. */
  public static final String KIND = "Connector";

  public ConnectorSpec {
    Objects.requireNonNull(apiVersion, "apiVersion");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(spec, "spec");
  }

  /** The spec's name, which is also the id of the instance it controls. */
  public String name() {
    return metadata.name();
  }

  /** A copy carrying the given server-assigned identity. */
  public ConnectorSpec withIdentity(String uid, String resourceVersion) {
    return new ConnectorSpec(apiVersion, kind, metadata.withIdentity(uid, resourceVersion), spec);
  }
}
