package io.cynodeai.connector.spi.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class UrlBuilderTest {

  @Test
  void segmentsAndParametersAreEncodedSoInputCannotReshapeTheUrl() {
    URI uri = UrlBuilder.of("https://api.example.org/base/").path("v1", "stations", "K/SEA?x=1#f")
        .query("units", "metric").query("q", "a b&c=d").query("missing", null).query("n", 3).build();

    assertThat(uri.toString()).isEqualTo(
        "https://api.example.org/base/v1/stations/K%2FSEA%3Fx%3D1%23f?units=metric&q=a%20b%26c%3Dd&n=3");
    assertThat(uri.getHost()).isEqualTo("api.example.org");
    assertThat(uri.getPath()).isEqualTo("/base/v1/stations/K/SEA?x=1#f");
    assertThat(UrlBuilder.encode("é~")).isEqualTo("%C3%A9~");
  }

  @Test
  void badBasesAndSegmentsAreRefusedWithTheReason() {
    assertThatThrownBy(() -> UrlBuilder.of("ftp://x.org")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the base URL must be an absolute http(s) URL with a host");
    assertThatThrownBy(() -> UrlBuilder.of("https://x.org/?a=1")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the base URL must have no query or fragment");
    assertThatThrownBy(() -> UrlBuilder.of("https://x.org").path("..")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> UrlBuilder.of("https://x.org").query("a", 1).path("b"))
        .isInstanceOf(IllegalStateException.class);
  }
}
