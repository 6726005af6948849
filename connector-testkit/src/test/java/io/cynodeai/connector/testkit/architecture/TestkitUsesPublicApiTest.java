package io.cynodeai.connector.testkit.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The certification kit runs a connector the way a host does, so its main code may use only the public API of
 * connector-core, -api and -spi: never a class of the engine's internals, which change without notice.
 */
@AnalyzeClasses(packages = "io.cynodeai.connector.testkit", importOptions = ImportOption.DoNotIncludeTests.class)
class TestkitUsesPublicApiTest {

  @ArchTest
  static final ArchRule noEngineInternals = noClasses().that().resideInAPackage("io.cynodeai.connector.testkit..")
      .should().dependOnClassesThat().resideInAPackage("io.cynodeai.connector.core.internal..")
      .because("the testkit is a host like any other: public API of connector-core/api/spi only");
}
