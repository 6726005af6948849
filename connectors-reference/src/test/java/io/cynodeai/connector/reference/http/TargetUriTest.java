package io.cynodeai.connector.reference.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TargetUriTest {
  private static final URI BASE = URI.create("https://api.example.com/v1");

  @Test
  void pathIsAppendedToTheBasePath() {
    assertThat(TargetUri.resolve(BASE, "/items/42", Map.of()))
        .isEqualTo(URI.create("https://api.example.com/v1/items/42"));
  }

  @Test
  void trailingSlashOfTheBaseUrlIsNotDoubled() {
    assertThat(TargetUri.resolve(URI.create("https://api.example.com/v1/"), "/items", Map.of()))
        .isEqualTo(URI.create("https://api.example.com/v1/items"));
  }

  @Test
  void baseUrlWithoutPathAndWithPortWorks() {
    assertThat(TargetUri.resolve(URI.create("http://127.0.0.1:8080"), "/", Map.of()))
        .isEqualTo(URI.create("http://127.0.0.1:8080/"));
  }

  @Test
  void queryIsPercentEncodedInTheCallersOrder() {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("q", "a b+c&d=é");
    query.put("page", "2");

    assertThat(TargetUri.resolve(BASE, "/search", query).getRawQuery())
        .isEqualTo("q=a%20b%2Bc%26d%3D%C3%A9&page=2");
  }

  @Test
  void encodedCharactersOfThePathAreKept() {
    assertThat(TargetUri.resolve(BASE, "/files/a%20b", Map.of()).getRawPath()).isEqualTo("/v1/files/a%20b");
  }

  @ParameterizedTest
  @ValueSource(strings = {"items", "//evil.example/x", "/a//b", "/../admin", "/a/..", "/./a", "/%2e%2e/admin",
      "/a%2Fb", "/a%5Cb", "/a?x=1", "/a#x", "http://evil.example/"})
  void pathThatCouldLeaveTheBaseUrlIsRefused(String path) {
    assertThatIllegalArgumentException().isThrownBy(() -> TargetUri.resolve(BASE, path, Map.of()));
  }
}
