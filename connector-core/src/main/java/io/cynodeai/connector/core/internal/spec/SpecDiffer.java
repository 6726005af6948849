package io.cynodeai.connector.core.internal.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.instance.InstanceStatus;
import io.cynodeai.connector.api.instance.RateLimitPolicy;
import io.cynodeai.connector.api.spec.ConnectorSpec;
import io.cynodeai.connector.api.spec.SpecChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Computes what applying a spec changes. The current state is the stored spec with the instance's actual
 * desired-state fields laid over it (config, enabled, rate and concurrency limits, owner, project, type
 * version), so an instance changed outside its spec (drift) shows up as a change. Server-assigned identity is
 * never compared. Stateless.
 */
public final class SpecDiffer {
  /** Server-assigned identity, never a change. */
  private static final java.util.Set<String> IDENTITY = java.util.Set.of("/metadata/uid", "/metadata/resourceVersion");

  private SpecDiffer() {}

  /** The current state as a spec document, or null when there is no live instance. */
  public static @Nullable ObjectNode observed(@Nullable ConnectorSpec stored, @Nullable ConnectorInstance instance) {
    if (instance == null || instance.deleted()) {
      return null; // nothing runs: whatever was stored, applying the spec creates (or restores) the instance
    }
    ObjectNode doc = stored != null ? SpecBinder.toTree(stored) : adopted(instance);
    ObjectNode md = (ObjectNode) doc.get("metadata");
    md.putObject("owner").put("type", instance.owner().type().name().toLowerCase(Locale.ROOT))
        .put("id", instance.owner().id());
    if (instance.projectId() != null) {
      md.put("projectId", instance.projectId());
    } else {
      md.remove("projectId");
    }
    ObjectNode spec = (ObjectNode) doc.get("spec");
    spec.put("type", instance.connectorType());
    if (!versionMatches(instance.connectorTypeVersion(), spec.path("typeVersion").asText())) {
      spec.put("typeVersion", instance.connectorTypeVersion());
    }
    spec.put("enabled", enabled(instance.status()));
    spec.set("config", instance.config().deepCopy());
    RateLimitPolicy rl = instance.rateLimitPolicy();
    ObjectNode limits = spec.has("limits") ? (ObjectNode) spec.get("limits") : null;
    if (rl.isUnlimited()) {
      if (limits != null) {
        limits.remove("rateLimit");
        if (limits.isEmpty()) {
          spec.remove("limits");
        }
      }
    } else {
      (limits != null ? limits : spec.putObject("limits")).putObject("rateLimit")
          .put("rps", rl.requestsPerSecond()).put("burst", rl.burst());
    }
    SpecLimits.observe(spec, instance.concurrencyLimits());
    return doc;
  }

  /** Whether an instance in this status counts as enabled. */
  public static boolean enabled(InstanceStatus status) {
    return status != InstanceStatus.DISABLED && status != InstanceStatus.PROVISIONING;
  }

  static boolean versionMatches(String exact, String pin) {
    return exact.equals(pin) || exact.startsWith(pin + ".");
  }

  private static ObjectNode adopted(ConnectorInstance instance) {
    ObjectNode doc = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
        .put("apiVersion", ConnectorSpec.API_VERSION).put("kind", ConnectorSpec.KIND);
    doc.putObject("metadata").put("name", instance.id());
    doc.putObject("spec").put("typeVersion", instance.connectorTypeVersion());
    return doc;
  }

  /** The change from {@code current} (null: nothing yet) to {@code desired}. */
  public static SpecChange diff(ConnectorSpec desired, @Nullable ObjectNode current) {
    ObjectNode want = withoutIdentity(SpecBinder.toTree(desired));
    if (current == null) {
      return new SpecChange(desired.name(), SpecChange.Kind.CREATE, List.of());
    }
    List<SpecChange.FieldChange> fields = new ArrayList<>();
    compare("", current, want, fields);
    fields.removeIf(f -> IDENTITY.contains(f.pointer())); // current keeps its identity: not copied to drop it
    return new SpecChange(desired.name(), fields.isEmpty() ? SpecChange.Kind.UNCHANGED : SpecChange.Kind.UPDATE,
        fields);
  }

  /** Whether two specs differ in anything but server-assigned identity. */
  public static boolean sameDesiredState(ConnectorSpec a, ConnectorSpec b) {
    return withoutIdentity(SpecBinder.toTree(a)).equals(withoutIdentity(SpecBinder.toTree(b)));
  }

  private static ObjectNode withoutIdentity(ObjectNode doc) {
    JsonNode md = doc.get("metadata");
    if (md instanceof ObjectNode m) {
      m.remove("uid");
      m.remove("resourceVersion");
    }
    return doc;
  }

  private static void compare(String at, @Nullable JsonNode before, @Nullable JsonNode after,
      List<SpecChange.FieldChange> out) {
    if (before != null && before.equals(after)) {
      return; // equal trees hold no difference (the common case: skips the walk)
    }
    if (before != null && after != null && before.isObject() && after.isObject()) {
      TreeSet<String> keys = new TreeSet<>();
      before.fieldNames().forEachRemaining(keys::add);
      after.fieldNames().forEachRemaining(keys::add);
      for (String k : keys) {
        compare(at + "/" + SpecReader.escape(k), before.get(k), after.get(k), out);
      }
      return;
    }
    if (before == null ? after != null : !equalValues(before, after)) {
      out.add(new SpecChange.FieldChange(at, before, after));
    }
  }

  private static boolean equalValues(JsonNode a, @Nullable JsonNode b) {
    if (b == null) {
      return false;
    }
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    return a.equals(b);
  }
}
