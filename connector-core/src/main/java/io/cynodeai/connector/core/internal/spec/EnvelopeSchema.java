package io.cynodeai.connector.core.internal.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cynodeai.connector.api.Violation;
import io.cynodeai.connector.api.spec.SpecProblem;
import io.cynodeai.connector.core.internal.schema.CompiledSchema;
import io.cynodeai.connector.core.internal.schema.SchemaCompiler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The published JSON Schema of the ConnectorSpec envelope ({@code connector-spec-v1alpha1.schema.json}),
 * compiled once, with its violations turned into located problems: an unknown field is reported at its own
 * path. Credentials and the policy/policyTemplate exclusion are checked by hand, with clearer messages.
 * Thread-safe.
 */
final class EnvelopeSchema {
  static final String RESOURCE = "/io/cynodeai/connector/core/spec/connector-spec-v1alpha1.schema.json";
  static final Pattern EXTRANEOUS = Pattern.compile("extraneous key \\[(.*)] is not permitted");
  private static final CompiledSchema SCHEMA = SchemaCompiler.compile(load());

  private EnvelopeSchema() {}

  /** The schema document itself. */
  static JsonNode load() {
    try (InputStream in = EnvelopeSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<SpecProblem> check(SpecReader.Document doc) {
    List<SpecProblem> out = new ArrayList<>();
    for (Violation v : SCHEMA.validate(doc.tree(), true)) {
      String pointer = v.pointer();
      if (pointer.startsWith("/spec/credentials") || v.message().contains("must not be valid against")) {
        continue;
      }
      Matcher m = EXTRANEOUS.matcher(v.message());
      if (m.find()) {
        String field = pointer + "/" + SpecReader.escape(m.group(1));
        if (field.startsWith("/spec/credentials")) {
          continue;
        }
        out.add(doc.problem(field, "unknown_field", "unknown field '" + m.group(1) + "'"));
      } else if (pointer.equals("/apiVersion")) {
        out.add(doc.problem(pointer, "wrong_api_version", "apiVersion must be "
            + io.cynodeai.connector.api.spec.ConnectorSpec.API_VERSION));
      } else if (pointer.equals("/kind")) {
        out.add(doc.problem(pointer, "wrong_kind", "kind must be "
            + io.cynodeai.connector.api.spec.ConnectorSpec.KIND));
      } else {
        out.add(doc.problem(pointer, "schema_violation", v.message()));
      }
    }
    return out;
  }
}
