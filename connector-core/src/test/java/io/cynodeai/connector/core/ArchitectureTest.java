package io.cynodeai.connector.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.cynodeai.connector.api.Refusal;
import org.junit.jupiter.api.Test;

/** The layering api ← spi ← core holds, and engine internals stay internal. */
class ArchitectureTest {
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.cynodeai.connector");

  @Test
  void apiDependsOnNeitherSpiNorCore() {
    noClasses().that().resideInAPackage("io.cynodeai.connector.api..")
        .should().dependOnClassesThat().resideInAnyPackage("io.cynodeai.connector.spi..",
            "io.cynodeai.connector.core..")
        .check(CLASSES);
  }

  @Test
  void apiUsesOnlyTheJdkJacksonAndJspecify() {
    classes().that().resideInAPackage("io.cynodeai.connector.api..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("io.cynodeai.connector.api..", "java..",
            "com.fasterxml.jackson..", "org.jspecify..")
        .check(CLASSES);
  }

  @Test
  void spiDependsOnlyOnTheApi() {
    classes().that().resideInAPackage("io.cynodeai.connector.spi..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("io.cynodeai.connector.spi..",
            "io.cynodeai.connector.api..", "java..", "javax.net..", "com.fasterxml.jackson..", "org.jspecify..")
        .check(CLASSES);
  }

  @Test
  void coreInternalsAreNotUsedByTheApiOrSpi() {
    noClasses().that().resideOutsideOfPackage("io.cynodeai.connector.core..")
        .should().dependOnClassesThat().resideInAPackage("io.cynodeai.connector.core.internal..")
        .check(CLASSES);
  }

  /**
   * One name for a refusal: every nested {@code Refused} outcome implements {@link Refusal}, and no outcome
   * names it {@code Rejected} any more ({@code WebhookResult.Rejected} is an HTTP answer to a sender).
   */
  @Test
  void everyRefusedOutcomeIsARefusal() {
    classes().that().haveSimpleName("Refused").and().resideOutsideOfPackage("io.cynodeai.connector.core.internal..")
        .should().implement(Refusal.class)
        .check(CLASSES);
    noClasses().that().haveSimpleName("Rejected").and().doNotHaveFullyQualifiedName(
            "io.cynodeai.connector.api.webhook.WebhookResult$Rejected")
        .should().bePublic().allowEmptyShould(true)
        .check(CLASSES);
  }
}
