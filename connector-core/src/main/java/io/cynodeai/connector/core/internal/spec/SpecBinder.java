package io.cynodeai.connector.core.internal.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.spec.ConnectorSpec;
import io.cynodeai.connector.api.spec.CredentialsSpec;
import io.cynodeai.connector.api.spec.LimitsSpec;
import io.cynodeai.connector.api.spec.PolicySpec;
import io.cynodeai.connector.api.spec.SpecBody;
import io.cynodeai.connector.api.spec.SpecMetadata;
import io.cynodeai.connector.api.spec.SubscriptionSpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Converts between spec documents and {@link ConnectorSpec} values. {@link #bind} expects a document that
 * already passed validation; {@link #toTree} writes the canonical form (what list/get return and what diffs
 * compare). Stateless.
 */
public final class SpecBinder {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private SpecBinder() {}

  /**
   * A spec from a document this engine stored itself (the canonical form of a spec that passed validation),
   * without validating it again.
   */
  public static ConnectorSpec fromStored(JsonNode doc) {
    return bind(doc);
  }

  static ConnectorSpec bind(JsonNode doc) {
    JsonNode md = doc.get("metadata");
    JsonNode owner = md.get("owner");
    SpecMetadata metadata = new SpecMetadata(md.get("name").asText(),
        new OwnerScope(OwnerScope.Type.valueOf(owner.get("type").asText().toUpperCase(Locale.ROOT)),
            owner.get("id").asText()),
        text(md, "projectId"), strings(md.path("labels")), text(md, "uid"), text(md, "resourceVersion"));
    JsonNode s = doc.get("spec");
    List<SubscriptionSpec> subs = new ArrayList<>();
    for (JsonNode sub : s.path("inbound").path("subscriptions")) {
      subs.add(new SubscriptionSpec(sub.get("name").asText(), sub.path("enabled").asBoolean(true)));
    }
    SpecBody body = new SpecBody(s.get("type").asText(), s.get("typeVersion").asText(),
        s.get("enabled").asBoolean(), s.get("config"), credentials(s.get("credentials")), policy(s.get("policy")),
        text(s, "policyTemplate"), limits(s.get("limits")), subs);
    return new ConnectorSpec(doc.get("apiVersion").asText(), doc.get("kind").asText(), metadata, body);
  }

  private static @Nullable CredentialsSpec credentials(@Nullable JsonNode c) {
    if (c == null) {
      return null;
    }
    String mode = c.get("mode").asText();
    JsonNode b = c.path(mode);
    return switch (mode) {
      case "secretRef" -> new CredentialsSpec.SecretRef(b.get("provider").asText(), b.get("name").asText(),
          strings(b.path("keys")));
      case "oauth" -> new CredentialsSpec.OAuth(text(b, "provider"), list(b.path("scopes")));
      default -> new CredentialsSpec.Encrypted(b.get("keyId").asText(), strings(b.path("values")));
    };
  }

  private static @Nullable PolicySpec policy(@Nullable JsonNode p) {
    return p == null ? null : new PolicySpec(p.has("allowOperations") ? list(p.get("allowOperations")) : null,
        list(p.path("actionScope")));
  }

  private static @Nullable LimitsSpec limits(@Nullable JsonNode l) {
    if (l == null) {
      return null;
    }
    JsonNode rl = l.get("rateLimit");
    return new LimitsSpec(l.has("maxParallelInvocations") ? l.get("maxParallelInvocations").asInt() : null,
        l.has("queueDepth") ? l.get("queueDepth").asInt() : null, text(l, "backpressure"),
        rl == null ? null : new LimitsSpec.RateLimitSpec(rl.get("rps").asDouble(), rl.path("burst").asInt(0)));
  }

  /** The canonical document of a spec. */
  public static ObjectNode toTree(ConnectorSpec spec) {
    ObjectNode doc = F.objectNode().put("apiVersion", spec.apiVersion()).put("kind", spec.kind());
    SpecMetadata m = spec.metadata();
    ObjectNode md = doc.putObject("metadata").put("name", m.name());
    md.putObject("owner").put("type", m.owner().type().name().toLowerCase(Locale.ROOT)).put("id", m.owner().id());
    putIfPresent(md, "projectId", m.projectId());
    if (!m.labels().isEmpty()) {
      ObjectNode labels = md.putObject("labels");
      new TreeMap<>(m.labels()).forEach(labels::put);
    }
    putIfPresent(md, "uid", m.uid());
    putIfPresent(md, "resourceVersion", m.resourceVersion());
    doc.set("spec", bodyTree(spec.spec()));
    return doc;
  }

  static ObjectNode bodyTree(SpecBody b) {
    ObjectNode s = F.objectNode().put("type", b.type()).put("typeVersion", b.typeVersion())
        .put("enabled", b.enabled());
    s.set("config", b.config().deepCopy());
    if (b.credentials() != null) {
      ObjectNode c = s.putObject("credentials").put("mode", b.credentials().mode());
      if (b.credentials() instanceof CredentialsSpec.SecretRef r) {
        ObjectNode ref = c.putObject("secretRef").put("provider", r.provider()).put("name", r.name());
        if (!r.keys().isEmpty()) {
          ObjectNode keys = ref.putObject("keys");
          new TreeMap<>(r.keys()).forEach(keys::put);
        }
      } else if (b.credentials() instanceof CredentialsSpec.OAuth o) {
        ObjectNode oauth = c.putObject("oauth");
        putIfPresent(oauth, "provider", o.provider());
        o.scopes().forEach(oauth.putArray("scopes")::add);
      } else if (b.credentials() instanceof CredentialsSpec.Encrypted e) {
        ObjectNode values = c.putObject("encrypted").put("keyId", e.keyId()).putObject("values");
        new TreeMap<>(e.values()).forEach(values::put);
      }
    }
    if (b.policy() != null) {
      ObjectNode p = s.putObject("policy");
      if (b.policy().allowOperations() != null) {
        b.policy().allowOperations().forEach(p.putArray("allowOperations")::add);
      }
      if (!b.policy().actionScope().isEmpty()) { // absent (or empty, as older specs stored it): no narrowing
        b.policy().actionScope().forEach(p.putArray("actionScope")::add);
      }
    }
    putIfPresent(s, "policyTemplate", b.policyTemplate());
    if (b.limits() != null) {
      s.set("limits", limitsTree(b.limits()));
    }
    if (!b.subscriptions().isEmpty()) {
      ArrayNode subs = s.putObject("inbound").putArray("subscriptions");
      b.subscriptions().forEach(x -> subs.addObject().put("name", x.name()).put("enabled", x.enabled()));
    }
    return s;
  }

  private static ObjectNode limitsTree(LimitsSpec l) {
    ObjectNode o = F.objectNode();
    if (l.maxParallelInvocations() != null) {
      o.put("maxParallelInvocations", l.maxParallelInvocations());
    }
    if (l.queueDepth() != null) {
      o.put("queueDepth", l.queueDepth());
    }
    putIfPresent(o, "backpressure", l.backpressure());
    if (l.rateLimit() != null) {
      o.putObject("rateLimit").put("rps", l.rateLimit().rps()).put("burst", l.rateLimit().burst());
    }
    return o;
  }

  private static void putIfPresent(ObjectNode o, String key, @Nullable String value) {
    if (value != null) {
      o.put(key, value);
    }
  }

  private static @Nullable String text(JsonNode parent, String field) {
    JsonNode v = parent.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static List<String> list(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static Map<String, String> strings(JsonNode object) {
    Map<String, String> out = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }
}
