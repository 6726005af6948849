package io.cynodeai.connector.benchmarks;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The benchmarks measure the engine as a host sees it, so they may use only the public API of connector-core,
 * -api and -spi: a benchmark that reaches into the engine's internals (or swaps its parts by reflection)
 * measures a configuration no host can have, and breaks whenever the internals move. The rule covers every
 * class of the project on this module's classpath (the benchmarks, connector-api, connector-spi) except
 * connector-core's own.
 */
@AnalyzeClasses(packages = "io.cynodeai.connector", importOptions = ImportOption.DoNotIncludeTests.class)
class PublicApiOnlyTest {

  @ArchTest
  static final ArchRule nothingOutsideTheCoreUsesItsInternals = noClasses()
      .that().resideInAPackage("io.cynodeai.connector..")
      .and().resideOutsideOfPackage("io.cynodeai.connector.core..")
      .should().dependOnClassesThat().resideInAPackage("io.cynodeai.connector.core.internal..")
      .because("only connector-core may use its internals; benchmarks measure what a host can configure");

  @ArchTest
  static final ArchRule benchmarksAreAnalyzed = com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes()
      .that().resideInAPackage("io.cynodeai.connector.benchmarks")
      .and().haveSimpleNameEndingWith("Benchmark")
      .should().bePublic()
      .because("JMH runs public benchmark classes; this also proves the benchmarks were imported");
}
