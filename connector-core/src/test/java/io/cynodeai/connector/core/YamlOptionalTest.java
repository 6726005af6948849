package io.cynodeai.connector.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.spec.SpecOutcome;
import io.cynodeai.connector.api.spec.SpecProblem;
import io.cynodeai.connector.api.spec.SpecSource;
import io.cynodeai.connector.core.policy.Policies;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.JsonResources;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * YAML is an optional dependency: JSON spec and policy documents work on a class path without
 * jackson-dataformat-yaml and SnakeYAML, and a YAML document is then refused naming the artifact to add.
 * Proven by running a host ({@link JsonOnlyHost}) in a class loader made of this module's test class path minus
 * the two YAML jars.
 */
class YamlOptionalTest {
  private static final String ARTIFACT = "com.fasterxml.jackson.dataformat:jackson-dataformat-yaml";

  private static URLClassLoader withoutYaml() throws MalformedURLException {
    String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<URL> urls = new ArrayList<>();
    List<String> dropped = new ArrayList<>();
    for (String entry : path.split(File.pathSeparator)) {
      String name = new File(entry).getName();
      if (name.startsWith("jackson-dataformat-yaml-") || name.startsWith("snakeyaml-")) {
        dropped.add(name.substring(0, name.indexOf('-', name.startsWith("snakeyaml") ? 0 : 20)));
        continue;
      }
      urls.add(new File(entry).toURI().toURL());
    }
    assertThat(dropped).as("both YAML jars were on the test class path and are left out")
        .containsExactlyInAnyOrder("jackson-dataformat-yaml", "snakeyaml");
    return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
  }

  @Test
  @SuppressWarnings("unchecked")
  void jsonDocumentsWorkWithoutYamlAndAYamlDocumentNamesTheArtifactToAdd() throws Exception {
    Map<String, String> seen;
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader loader = withoutYaml()) {
      Thread.currentThread().setContextClassLoader(loader); // service lookups (Jackson modules) see only it
      Class<?> host = Class.forName(JsonOnlyHost.class.getName(), true, loader);
      assertThat(host.getClassLoader()).as("the host runs on the YAML-free class path").isSameAs(loader);
      seen = ((Supplier<Map<String, String>>) host.getDeclaredConstructor().newInstance()).get();
    } finally {
      Thread.currentThread().setContextClassLoader(context);
    }

    assertThat(seen).containsEntry("yaml classes", "absent")
        .containsEntry("json policy", "read")
        .containsEntry("json spec", "applied")
        .containsEntry("invoke", "succeeded")
        .containsEntry("yaml spec", "yaml_unavailable at 1:1")
        .containsEntry("yaml policy", "IllegalStateException");
    assertThat(seen.get("yaml spec message")).contains(ARTIFACT).contains("a YAML spec document");
    assertThat(seen.get("yaml policy message")).contains(ARTIFACT).contains("Policies.fromYaml");
  }

  @Test
  void onlyTheYamlPackageNamesYamlTypes() {
    JavaClasses engine = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.cynodeai.connector.core");
    // YamlFactories is loaded only after YamlSupport found YAML on the class path; any other class naming a YAML
    // type could fail to load on a host without it
    noClasses().that().doNotHaveFullyQualifiedName("io.cynodeai.connector.core.internal.yaml.YamlFactories")
        .should().dependOnClassesThat().resideInAnyPackage("com.fasterxml.jackson.dataformat.yaml..",
            "org.yaml.snakeyaml..")
        .check(engine);
  }

  /** A host reading only JSON documents; run in the YAML-free class loader, it reports what it saw. */
  public static final class JsonOnlyHost implements Supplier<Map<String, String>> {
    private static final Caller ALICE = Caller.user("alice", "proj-a");

    @Override
    public Map<String, String> get() {
      Map<String, String> seen = new LinkedHashMap<>();
      try {
        Class.forName("com.fasterxml.jackson.dataformat.yaml.YAMLFactory", false, getClass().getClassLoader());
        seen.put("yaml classes", "present");
      } catch (ClassNotFoundException e) {
        seen.put("yaml classes", "absent");
      }
      var policy = Policies.fromJson("""
          {"rules":[{"name":"everyone","effect":"allow","users":["*"],"actions":["*"]}]}""");
      seen.put("json policy", "read"); // and it authorizes the calls below
      try (ConnectorEngine engine = ConnectorEngines.builder().policy(policy)
          .register(TestTypes.type("echo-type", TestTypes.echo((ctx, in) -> HandlerResult.of(in))).build())
          .build()) {
        SpecOutcome json = engine.specs().apply(SpecSource.of("""
            {"apiVersion": "cynodeai.io/v1alpha1", "kind": "Connector",
             "metadata": {"name": "e1", "owner": {"type": "user", "id": "alice"}, "projectId": "proj-a"},
             "spec": {"type": "echo-type", "typeVersion": "1", "enabled": true, "config": {"endpoint": "x"}}}
            """), ALICE);
        seen.put("json spec", json instanceof SpecOutcome.Applied ? "applied" : json.toString());
        Outcome out = engine.invoke(InvocationRequest.of("e1", "echo", JsonResources.parse("{\"text\":\"hi\"}"),
            ALICE));
        seen.put("invoke", out instanceof Succeeded ? "succeeded" : out.toString());
        SpecOutcome yaml = engine.specs().apply(SpecSource.of("""
            apiVersion: cynodeai.io/v1alpha1
            kind: Connector
            metadata: {name: e2, owner: {type: user, id: alice}, projectId: proj-a}
            spec: {type: echo-type, typeVersion: "1", enabled: true, config: {endpoint: x}}
            """), ALICE);
        if (yaml instanceof SpecOutcome.Refused refused && !refused.problems().isEmpty()) {
          SpecProblem p = refused.problems().get(0);
          seen.put("yaml spec", p.code() + " at " + p.line() + ":" + p.column());
          seen.put("yaml spec message", p.message());
        } else {
          seen.put("yaml spec", yaml.toString());
        }
      }
      try {
        Policies.fromYaml("rules: []\n");
        seen.put("yaml policy", "read");
      } catch (RuntimeException e) {
        seen.put("yaml policy", e.getClass().getSimpleName());
        seen.put("yaml policy message", String.valueOf(e.getMessage()));
      }
      return seen;
    }
  }
}
