package io.cynodeai.connector.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The version-range check the dependency review's deny rules use (REQ-GOV-007). */
@Tag("REQ-GOV-007")
class VersionRangeTest {

  @ParameterizedTest(name = "{0} in {1}: {2}")
  @CsvSource(delimiter = ';', value = {
      "2.0; [2.0,2.17.1); true",
      "2.14.1; [2.0,2.17.1); true",
      "2.17.0; [2.0,2.17.1); true",
      "2.17.1; [2.0,2.17.1); false",
      "2.17.2; [2.0,2.17.1); false",
      "2.20.0; [2.0,2.17.1); false",
      "1.2.17; [2.0,2.17.1); false",
      "2.0-beta9; [2.0,2.17.1); false",
      "2.0.0; [2.0,2.17.1); true",
      "2.17.1-rc1; [2.0,2.17.1); true",
      "1.0; (1.0,2.0]; false",
      "2.0; (1.0,2.0]; true",
      "0.1; (,1.0]; true",
      "99.0; [1.5,); true",
      "1.4.9; [1.5,); false",
      "1.0; [1.0]; true",
      "1.0.1; [1.0]; false",
      "1.0.0; 1.0; true",
      "1.1; [1.0,1.2),[1.5,); true",
      "1.3; [1.0,1.2),[1.5,); false",
      "1.6; [1.0,1.2),[1.5,); true",
      "2.10; [2.9,2.10]; true",
      "2.9.1; (,2.9]; false",
      "1.0-SNAPSHOT; [1.0,); false",
      "1.0-sp1; (1.0,); true",
      "1.0.Final; [1.0]; true"})
  void containment(String version, String range, boolean expected) {
    assertThat(VersionRange.parse(range).contains(version)).isEqualTo(expected);
  }

  @Test
  void comparisonFollowsMavenInTheCommonCases() {
    assertThat(VersionRange.compare("2.10", "2.9")).isPositive();
    assertThat(VersionRange.compare("1.0", "1.0.0")).isZero();
    assertThat(VersionRange.compare("1.0-alpha", "1.0-beta")).isNegative();
    assertThat(VersionRange.compare("1.0-rc1", "1.0")).isNegative();
    assertThat(VersionRange.compare("1.0-rc2", "1.0-rc10")).isNegative();
    assertThat(VersionRange.compare("1.0", "1.0-sp")).isNegative();
    assertThat(VersionRange.compare("1.0.1", "1.0-sp")).isPositive();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "[", "[1.0", "[1.0,2.0", "(1.0)", "[,]", "[2.0,1.0]", "[1.0,2.0],", "1.0,2.0",
      "[1,2,3]", "(1.0]"})
  void malformedRangesAreRefused(String spec) {
    assertThatThrownBy(() -> VersionRange.parse(spec)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("range");
  }
}
