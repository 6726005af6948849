package io.cynodeai.connector.spi.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cynodeai.connector.spi.ProviderException;
import java.io.ByteArrayInputStream;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonRepliesTest {
  private static final HttpHeaders JSON = headers("content-type", "application/json; charset=utf-8");

  private static HttpHeaders headers(String name, String value) {
    return HttpHeaders.of(Map.of(name, List.of(value)), (a, b) -> true);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aBodyIsReadUpToItsCapAndALongerOneIsAPermanentResponseTooLarge() throws Exception {
    assertThat(JsonReplies.readCapped("GET /x", 200, new ByteArrayInputStream(new byte[10]), 10)).hasSize(10);
    ProviderException e = catchThrowableOfType(() -> JsonReplies.readCapped("GET /x", 200,
        new ByteArrayInputStream(new byte[11]), 10), ProviderException.class);
    assertThat(e.kind()).isEqualTo(ProviderException.Kind.PERMANENT);
    assertThat(e.code()).isEqualTo("response_too_large");
    assertThat(e.getMessage()).isEqualTo("HTTP 200 from GET /x: the body exceeds 10 bytes");
  }

  @Test
  void onlyOneJsonValueWithAJsonContentTypeParsesAndNoFailureQuotesTheBody() {
    assertThat(JsonReplies.parseJson("GET /x", 200, JSON, utf8("{\"a\":1}"), "Acme").get("a").asInt()).isEqualTo(1);
    for (var bad : List.of(
        Map.entry(headers("content-type", "text/html"), "{\"secret\":1}"),
        Map.entry(JSON, ""),
        Map.entry(JSON, "{\"secret\":1} trailing"),
        Map.entry(JSON, "{\"secret\":"))) {
      ProviderException e = catchThrowableOfType(() -> JsonReplies.parseJson("GET /x", 200, bad.getKey(),
          utf8(bad.getValue()), "Acme"), ProviderException.class);
      assertThat(e.code()).as(bad.getValue()).isEqualTo("response_not_json");
      assertThat(e.getMessage()).startsWith("HTTP 200 from GET /x: the body is not Acme's JSON: ")
          .doesNotContain("secret");
    }
    assertThat(JsonReplies.parseQuietly(utf8("<html>")).isMissingNode()).isTrue();
    assertThat(JsonReplies.parseQuietly(utf8("{\"code\":50001}")).path("code").asInt()).isEqualTo(50001);
  }

  @Test
  void refusalsAreClassifiedByStatus() {
    ProviderException unauthorized = JsonReplies.refusal(401, "HTTP 401 from GET /x", "Acme rejected the key");
    assertThat(unauthorized.kind()).isEqualTo(ProviderException.Kind.AUTH_REJECTED);
    assertThat(unauthorized.getMessage()).isEqualTo("HTTP 401 from GET /x: Acme rejected the key");
    ProviderException redirect = JsonReplies.refusal(302, "HTTP 302 from GET /x", "-");
    assertThat(redirect.kind()).isEqualTo(ProviderException.Kind.STATUS);
    assertThat(redirect.getMessage()).endsWith("redirects are not followed");
    ProviderException unavailable = JsonReplies.refusal(503, "HTTP 503 from GET /x", "-");
    assertThat(unavailable.kind()).isEqualTo(ProviderException.Kind.STATUS);
    assertThat(unavailable.providerStatus()).isEqualTo(503);
  }

  @Test
  void delaysInSecondsRoundUpToTheMillisecondAreCappedAndIgnoreAnythingElse() {
    assertThat(JsonReplies.seconds("30")).contains(Duration.ofSeconds(30));
    assertThat(JsonReplies.seconds(" 1.5 ")).contains(Duration.ofMillis(1500));
    assertThat(JsonReplies.seconds("0.0001")).contains(Duration.ofMillis(1));
    assertThat(JsonReplies.seconds("86400")).contains(JsonReplies.MAX_RESET);
    assertThat(JsonReplies.seconds("99999999999999")).contains(JsonReplies.MAX_RESET);
    for (String bad : new String[] {null, "", "-1", "abc", "1e3", "Wed, 21 Oct 2026 07:28:00 GMT", "1.2.3"}) {
      assertThat(JsonReplies.seconds(bad)).as(String.valueOf(bad)).isEmpty();
    }
  }
}
