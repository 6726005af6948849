package io.cynodeai.connector.core.internal.spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.Violation;
import io.cynodeai.connector.api.spec.ConnectorSpec;
import io.cynodeai.connector.api.spec.SpecProblem;
import io.cynodeai.connector.api.spec.SpecSource;
import io.cynodeai.connector.api.spec.SpecValidation;
import io.cynodeai.connector.core.internal.catalog.RegisteredType;
import io.cynodeai.connector.core.internal.schema.CompiledSchema;
import io.cynodeai.connector.core.internal.schema.UrlPasswords;
import io.cynodeai.connector.core.internal.catalog.TypeRegistry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * Validates a submission without side effects: reads it, checks each document against the envelope schema,
 * its credentials (and that a referenced secret provider is registered, without resolving any secret), its
 * connector type and version, its config against that version's config schema (refusing values in fields the
 * type marks secret with {@code writeOnly: true} or {@code x-secret: true}), its policy binding ({@link
 * SpecPolicyChecker}), and that names are unique in the batch. The documents of a large submission are checked
 * in parallel (see {@link #PARALLEL_FROM}); problems are reported in document order either way. Thread-safe.
 */
public final class SpecValidator {
  /**
   * From this many documents on, documents are checked in parallel on the common fork-join pool (they are
   * independent once read); smaller submissions are checked on the calling thread.
   */
  static final int PARALLEL_FROM = 64;
  private final SpecReader reader;
  private final TypeRegistry types;
  private final SecretProviderCheck secretProviders;
  private final TemplateCatalog templates;
  /** The secret field pointers of each registered type's config schema, found once per type. */
  private final Map<String, Set<String>> secretFields = new ConcurrentHashMap<>();

  public SpecValidator(SpecReader reader, TypeRegistry types, SecretProviderCheck secretProviders,
      TemplateCatalog templates) {
    this.reader = reader;
    this.types = types;
    this.secretProviders = secretProviders;
    this.templates = templates;
  }

  public SpecValidation validate(SpecSource source) {
    SpecReader.Result read = reader.read(source);
    if (!read.problems().isEmpty()) {
      return new SpecValidation(List.of(), read.problems());
    }
    List<SpecReader.Document> docs = read.documents();
    Checked[] checked = new Checked[docs.size()];
    IntStream range = IntStream.range(0, docs.size());
    (docs.size() >= PARALLEL_FROM ? range.parallel() : range).forEach(i -> checked[i] = checkAndBind(docs.get(i)));
    // Merged in document order, so problems and duplicate names come out the same however the checks ran.
    List<SpecProblem> problems = new ArrayList<>();
    List<ConnectorSpec> specs = new ArrayList<>(docs.size());
    Set<String> names = new HashSet<>();
    for (int i = 0; i < checked.length; i++) {
      problems.addAll(checked[i].problems());
      ConnectorSpec spec = checked[i].spec();
      if (spec != null) {
        if (!names.add(spec.name())) {
          problems.add(docs.get(i).problem("/metadata/name", "duplicate_name", "the name '" + spec.name()
              + "' appears more than once in this submission"));
        }
        specs.add(spec);
      }
    }
    return problems.isEmpty() ? new SpecValidation(specs, List.of()) : new SpecValidation(List.of(), problems);
  }

  /** One document's problems, and its spec when it has none. */
  private record Checked(List<SpecProblem> problems, @Nullable ConnectorSpec spec) {}

  private Checked checkAndBind(SpecReader.Document doc) {
    List<SpecProblem> found = check(doc);
    return new Checked(found, found.isEmpty() ? SpecBinder.bind(doc.tree()) : null);
  }

  /** Every subscription a spec names must be one the type's webhook source offers. */
  private static void checkSubscriptions(SpecReader.Document doc, RegisteredType type, JsonNode subscriptions,
      List<SpecProblem> out) {
    List<String> offered = type.type().webhooks().map(w -> w.subscriptions()).orElse(List.of());
    for (int i = 0; i < subscriptions.size(); i++) {
      JsonNode name = subscriptions.get(i).path("name");
      if (name.isTextual() && !offered.contains(name.asText())) {
        out.add(doc.problem("/spec/inbound/subscriptions/" + i + "/name", "unknown_subscription",
            offered.isEmpty() ? "connector type " + type.type().coordinates() + " receives no webhooks"
                : "connector type " + type.type().coordinates() + " offers no subscription '" + name.asText()
                    + "' (it offers " + offered + ")"));
      }
    }
  }

  private List<SpecProblem> check(SpecReader.Document doc) {
    List<SpecProblem> out = new ArrayList<>(EnvelopeSchema.check(doc));
    List<SpecProblem> credentials = CredentialsChecker.check(doc);
    out.addAll(credentials.isEmpty() ? secretProviders.check(doc) : credentials);
    SpecPolicyChecker.vocabulary(doc, templates, out);
    JsonNode spec = doc.tree().path("spec");
    if (spec.has("policy") && spec.has("policyTemplate")) {
      out.add(doc.problem("/spec/policyTemplate", "policy_conflict",
          "policy and policyTemplate are mutually exclusive: bind a template or an allowlist, not both"));
    }
    JsonNode type = spec.path("type");
    JsonNode version = spec.path("typeVersion");
    if (!type.isTextual() || !(version.isTextual() || version.isIntegralNumber())) {
      return out;
    }
    Optional<RegisteredType> resolved = types.resolve(type.asText(), version.asText());
    if (resolved.isEmpty()) {
      out.add(types.versions(type.asText()).isEmpty()
          ? doc.problem("/spec/type", "unknown_type", "no connector type '" + type.asText() + "' is registered")
          : doc.problem("/spec/typeVersion", "unknown_type_version", "no version of '" + type.asText()
              + "' matching " + version.asText() + " is registered"));
      return out;
    }
    JsonNode config = spec.path("config");
    if (config.isObject()) {
      checkConfig(doc, resolved.get(), config, out);
    }
    SpecPolicyChecker.operations(doc, resolved.get(), out);
    CredentialsChecker.declaredKeys(doc, resolved.get(), out);
    checkSubscriptions(doc, resolved.get(), spec.path("inbound").path("subscriptions"), out);
    if (spec.path("credentials").path("mode").asText().equals("oauth")
        && resolved.get().type().interactiveAuthorization().isEmpty()) {
      out.add(doc.problem("/spec/credentials/mode", "oauth_unsupported", "connector type "
          + resolved.get().type().coordinates() + " does not support interactive (oauth) authorization"));
    }
    return out;
  }

  private void checkConfig(SpecReader.Document doc, RegisteredType type, JsonNode config,
      List<SpecProblem> out) {
    Set<String> secrets = secretFields.computeIfAbsent(type.type().coordinates(), k -> {
      Set<String> found = new java.util.LinkedHashSet<>();
      JsonNode schema = type.type().configSchema();
      if (schema != null) {
        secretPointers(schema, "", found);
      }
      return java.util.Collections.unmodifiableSet(found);
    });
    for (String pointer : secrets) {
      JsonNode value = config.at(pointer);
      if (!value.isMissingNode() && !value.isNull()) {
        out.add(doc.problem("/spec/config" + pointer, "plain_secret", "'" + pointer.substring(1)
            + "' is a secret field of " + type.type().coordinates() + " and may not hold a value in a spec; "
            + "supply it through spec.credentials"));
      }
    }
    for (Violation v : UrlPasswords.find(config)) {
      out.add(doc.problem("/spec/config" + v.pointer(), "invalid_config", v.message()));
    }
    for (Violation v : type.configSchema().validate(config, CompiledSchema.Echo.NAMES)) {
      if (secrets.stream().anyMatch(s -> v.pointer().startsWith(s))) {
        continue;
      }
      java.util.regex.Matcher extra = EnvelopeSchema.EXTRANEOUS.matcher(v.message());
      if (extra.find()) {
        out.add(doc.problem("/spec/config" + v.pointer() + "/" + SpecReader.escape(extra.group(1)), "unknown_field",
            "unknown config field '" + extra.group(1) + "' for " + type.type().coordinates()));
      } else {
        out.add(doc.problem("/spec/config" + v.pointer(), "invalid_config", v.message()));
      }
    }
  }

  private static void secretPointers(JsonNode schema, String at, Set<String> out) {
    JsonNode props = schema.path("properties");
    for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String pointer = at + "/" + SpecReader.escape(e.getKey());
      JsonNode sub = e.getValue();
      if (sub.path("writeOnly").asBoolean(false) || sub.path("x-secret").asBoolean(false)) {
        out.add(pointer);
      } else {
        secretPointers(sub, pointer, out);
      }
    }
  }
}
