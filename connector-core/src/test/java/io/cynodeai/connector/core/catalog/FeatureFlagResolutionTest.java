package io.cynodeai.connector.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cynodeai.connector.core.catalog.FeatureFlag.Scope;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Which feature flag decides for a tenant: the most specific one, and disabled among equals. */
@Tag("REQ-GOV-003")
class FeatureFlagResolutionTest {
  private static FeatureFlag flag(@Nullable String version, Scope scope, @Nullable String tenant, boolean on) {
    return new FeatureFlag("t", version, scope, tenant, on, "admin", Instant.EPOCH);
  }

  private static Optional<Boolean> enabled(List<FeatureFlag> flags, @Nullable String project, String... groups) {
    return FeatureFlag.deciding(flags, "t", "1", project, List.of(groups)).map(FeatureFlag::enabled);
  }

  @Test
  void theMostSpecificApplicableFlagDecides() {
    FeatureFlag globalOff = flag(null, Scope.GLOBAL, null, false);
    FeatureFlag versionOn = flag("1", Scope.GLOBAL, null, true);
    FeatureFlag betaOn = flag(null, Scope.GROUP, "beta", true);
    FeatureFlag projOff = flag(null, Scope.PROJECT, "p1", false);
    List<FeatureFlag> flags = List.of(globalOff, betaOn, projOff);

    assertThat(enabled(List.of(), "p1")).isEmpty();
    assertThat(enabled(flags, "p2")).contains(false);
    assertThat(enabled(flags, "p2", "beta")).contains(true);
    assertThat(enabled(flags, "p1", "beta")).contains(false);
    assertThat(enabled(List.of(globalOff, versionOn), "p2")).contains(true);
    assertThat(FeatureFlag.deciding(List.of(versionOn), "t", "2", "p2", List.of())).isEmpty();
    assertThat(FeatureFlag.deciding(flags, "other", "1", "p1", List.of())).isEmpty();
  }

  @Test
  void amongGroupsAtTheSameLevelDisabledWins() {
    List<FeatureFlag> flags = List.of(flag(null, Scope.GROUP, "a", true), flag(null, Scope.GROUP, "b", false));
    assertThat(enabled(flags, null, "a", "b")).contains(false);
    assertThat(enabled(flags, null, "a")).contains(true);
  }

  @Test
  void aFlagNamesItsTenantExactlyWhenScoped() {
    assertThatThrownBy(() -> flag(null, Scope.GLOBAL, "p1", false)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> flag(null, Scope.GROUP, null, false)).isInstanceOf(IllegalArgumentException.class);
    assertThat(flag("1", Scope.PROJECT, "p1", true).key()).isEqualTo("t@1/PROJECT/p1");
  }
}
