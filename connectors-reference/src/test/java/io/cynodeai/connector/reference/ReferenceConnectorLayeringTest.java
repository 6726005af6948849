package io.cynodeai.connector.reference;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Reference connectors compile against the API and SPI alone, so one jar runs in any host (and, later, in
 * the sandbox) unchanged. The testkit and core are on the test class path only.
 */
class ReferenceConnectorLayeringTest {
  private static final JavaClasses CONNECTORS = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.cynodeai.connector.reference");

  @Test
  void referenceConnectorsDependOnlyOnApiSpiJacksonTheJdkAndJakartaMail() {
    classes().that().resideInAPackage("io.cynodeai.connector.reference..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("io.cynodeai.connector.reference..",
            "io.cynodeai.connector.api..", "io.cynodeai.connector.spi..", "java..", "javax.net..",
            "com.fasterxml.jackson..", "org.jspecify..",
            // the imap connector's own dependency: the Jakarta Mail API and its implementation, Eclipse Angus
            "jakarta.mail..", "org.eclipse.angus..")
        .check(CONNECTORS);
  }
}
