package io.cynodeai.connector.core.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.spi.JsonResources;
import org.junit.jupiter.api.Test;

class FingerprintTest {

  @Test
  void memberOrderWhitespaceAndNumberSpellingDoNotMatter() {
    assertThat(Fingerprint.of(JsonResources.parse("{\"b\":[1, 2.50],\"a\":{\"y\":1e2,\"x\":null}}")))
        .isEqualTo(Fingerprint.of(JsonResources.parse("{\"a\":{\"x\":null,\"y\":100},\"b\":[1.0,2.5]}")));
  }

  @Test
  void canonicalTextSortsMembersAndNormalizesNumbers() {
    assertThat(Fingerprint.canonicalText(JsonResources.parse("{\"b\":1.50,\"a\":\"q\\\"\\n\",\"c\":0.0}")))
        .isEqualTo("{\"a\":\"q\\\"\\u000a\",\"b\":1.5,\"c\":0}");
  }

  @Test
  void differentValuesHaveDifferentFingerprints() {
    assertThat(Fingerprint.of(JsonResources.parse("{\"a\":\"1\"}")))
        .isNotEqualTo(Fingerprint.of(JsonResources.parse("{\"a\":1}")))
        .hasSize(64);
    assertThat(Fingerprint.of(JsonResources.parse("[1,2]")))
        .isNotEqualTo(Fingerprint.of(JsonResources.parse("[2,1]")));
  }
}
