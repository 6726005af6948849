package io.cynodeai.connector.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The engine module carries no metrics library: Micrometer is the connector-micrometer extension's. */
class CoreDependenciesTest {
  private static final JavaClasses CORE = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.cynodeai.connector.core");

  @Test
  void noCoreClassReferencesMicrometer() {
    noClasses().should().dependOnClassesThat().resideInAPackage("io.micrometer..").check(CORE);
  }

  @Test
  void micrometerIsNotOnTheEnginesClassPath() {
    assertThatThrownBy(() -> Class.forName("io.micrometer.core.instrument.MeterRegistry"))
        .isInstanceOf(ClassNotFoundException.class);
  }
}
