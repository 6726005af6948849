package io.cynodeai.connector.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.api.spec.SpecSource;
import io.cynodeai.connector.api.spec.SpecValidation;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.spi.JsonResources;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.lifecycle.AfterContainer;

/** The spec reader never throws on any input, and YAML and JSON renderings of one document read the same. */
class SpecParserProperties {
  private static final ConnectorEngine ENGINE = ConnectorEngines.builder()
      .register(new ImapTestType().type("1.0.0")).policy(PolicyEngine.allowAll()).build();

  @AfterContainer
  static void close() {
    ENGINE.close();
  }

  @Property(tries = 300)
  void anyTextIsAnsweredWithSpecsOrLocatedProblemsNeverAnException(@ForAll @StringLength(max = 400) String text) {
    SpecValidation v = ENGINE.specs().validate(new SpecSource("fuzz", text));
    assertThat(v.valid()).isEqualTo(!v.specs().isEmpty());
    v.problems().forEach(p -> {
      assertThat(p.line()).isNotNegative();
      assertThat(p.column()).isNotNegative();
      assertThat(p.code()).isNotBlank();
    });
  }

  @Property(tries = 100)
  void prefixesOfAValidSpecNeverThrow(@ForAll @IntRange(min = 0, max = 700) int cut) {
    String seed = ImapTestType.seedExample();
    SpecValidation v = ENGINE.specs().validate(SpecSource.of(seed.substring(0, Math.min(cut, seed.length()))));
    assertThat(v.valid() ? v.specs() : v.problems()).isNotEmpty();
  }

  @Property(tries = 60)
  void yamlAndJsonRenderingsOfADocumentReadTheSame(@ForAll @IntRange(min = 1, max = 65535) int port,
      @ForAll @AlphaChars @StringLength(min = 1, max = 20) String mailbox,
      @ForAll @Size(max = 4) List<@AlphaChars @StringLength(min = 1, max = 10) String> allowlist,
      @ForAll boolean enabled) throws Exception {
    ObjectNode doc = (ObjectNode) JsonResources.parse("""
        {"apiVersion":"cynodeai.io/v1alpha1","kind":"Connector",
         "metadata":{"name":"m","owner":{"type":"user","id":"u"},"labels":{"team":"ops"}},
         "spec":{"type":"imap","typeVersion":"1","enabled":true,"config":{"host":"h"}}}""");
    ObjectNode config = (ObjectNode) doc.at("/spec/config");
    config.put("port", port).put("mailbox", mailbox);
    allowlist.forEach(config.putObject("filter").putArray("fromAllowlist")::add);
    ((ObjectNode) doc.get("spec")).put("enabled", enabled);
    SpecValidation fromJson = ENGINE.specs().validate(SpecSource.of(doc.toString()));
    SpecValidation fromYaml = ENGINE.specs().validate(SpecSource.of(new YAMLMapper().writeValueAsString(doc)));
    assertThat(fromJson.problems()).isEmpty();
    assertThat(fromYaml.specs()).isEqualTo(fromJson.specs());
    assertThat(fromJson.specs().get(0).spec().config().get("port").asInt()).isEqualTo(port);
    assertThat(Map.of("enabled", fromJson.specs().get(0).spec().enabled())).containsEntry("enabled", enabled);
  }
}
