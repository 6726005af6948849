package io.cynodeai.connector.sandbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("REQ-EGRESS-006")
class CpuPinningTest {
  @Test
  void cpuListsAreParsedAndAnythingElseIsRefused() {
    assertThat(CpuPinning.parse("0-3,8,10-11")).containsExactly(0, 1, 2, 3, 8, 10, 11);
    assertThat(CpuPinning.parse("5")).containsExactly(5);
    for (String bad : List.of("", "a", "3-1", "1-2-3", "-1", "0-99999")) {
      assertThat(CpuPinning.parse(bad)).as(bad).isNull();
    }
  }
}
