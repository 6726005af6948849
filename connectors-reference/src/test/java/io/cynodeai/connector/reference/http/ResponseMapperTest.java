package io.cynodeai.connector.reference.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.ProviderException;
import io.cynodeai.connector.spi.ProviderException.Kind;
import io.cynodeai.connector.spi.JsonResources;
import java.io.ByteArrayInputStream;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResponseMapperTest {
  private static final HttpCall CALL = new HttpCall("GET", "/items", Map.of("token", "secret-query"),
      Map.of(), null);
  private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

  @ParameterizedTest
  @ValueSource(ints = {200, 201, 204, 299, 304})
  void successesAndNotModifiedAreAnswers(int status) {
    assertThatNoException().isThrownBy(() -> ResponseMapper.checkStatus(CALL, status, headers(Map.of()), NOW));
  }

  @Test
  void tooManyRequestsIsRateLimitedWithTheRetryAfterHint() {
    ProviderException e = failure(429, Map.of("retry-after", List.of("7")));

    assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
    assertThat(e.providerStatus()).isEqualTo(429);
    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void unauthorizedRejectsTheCredentials() {
    ProviderException e = failure(401, Map.of("www-authenticate", List.of("Bearer error=\"invalid_token\"")));

    assertThat(e.kind()).isEqualTo(Kind.AUTH_REJECTED);
    assertThat(e.code()).isEqualTo("credentials_rejected");
  }

  @ParameterizedTest
  @ValueSource(ints = {301, 302, 303, 307, 308, 400, 403, 404, 408, 409, 422, 500, 502, 503, 504})
  void otherStatusesAreLeftToTheRetryPolicy(int status) {
    ProviderException e = failure(status, Map.of());

    assertThat(e.kind()).isEqualTo(Kind.STATUS);
    assertThat(e.providerStatus()).isEqualTo(status);
    assertThat(e.code()).isEqualTo("provider_status_" + status);
  }

  @Test
  void messagesNameStatusMethodAndPathButNoHeaderValueOrQuery() {
    ProviderException e = failure(429, Map.of("retry-after", List.of("7"), "x-secret", List.of("s3cr3t")));

    assertThat(e.getMessage()).isEqualTo("HTTP 429 from GET /items");
  }

  @Test
  void headersOutsideTheAllowlistAreDropped() {
    HandlerResult result = ResponseMapper.toResult(CALL, 200, headers(Map.of(
        "content-type", List.of("application/json"),
        "link", List.of("<https://api.example.com/items?page=2>; rel=\"next\""),
        "set-cookie", List.of("session=abc"),
        "server", List.of("nginx"))), bytes("{}"));

    assertThat(result.json()).isEqualTo(JsonResources.parse("""
        {"status":200,"headers":{"content-type":"application/json",
         "link":"<https://api.example.com/items?page=2>; rel=\\"next\\""},"body":{}}"""));
    assertThat(result.providerStatus()).isEqualTo(200);
  }

  @Test
  void jsonSuffixMediaTypesAreParsed() {
    HandlerResult result = ResponseMapper.toResult(CALL, 200,
        headers(Map.of("content-type", List.of("application/problem+json; charset=utf-8"))), bytes("[1]"));

    assertThat(result.json().get("body")).isEqualTo(JsonResources.parse("[1]"));
  }

  @Test
  void textIsDecodedWithItsCharset() {
    HandlerResult result = ResponseMapper.toResult(CALL, 200,
        headers(Map.of("content-type", List.of("text/plain; charset=ISO-8859-1"))), new byte[] {'c', 'a', 'f', (byte) 0xE9});

    assertThat(result.json().get("body").asText()).isEqualTo("café");
  }

  @Test
  void textLongerThanTheTextCapIsRefused() {
    ProviderException e = catchThrowableOfType(ProviderException.class, () -> ResponseMapper.toResult(CALL, 200,
        headers(Map.of("content-type", List.of("text/html"))), new byte[ResponseMapper.MAX_TEXT_BYTES + 1]));

    assertThat(e.code()).isEqualTo("response_not_json");
    assertThat(e.kind()).isEqualTo(Kind.PERMANENT);
  }

  @Test
  void bodyWithoutAContentTypeIsRefused() {
    ProviderException e = catchThrowableOfType(ProviderException.class,
        () -> ResponseMapper.toResult(CALL, 200, headers(Map.of()), bytes("{}")));

    assertThat(e.code()).isEqualTo("response_not_json");
  }

  @Test
  void bodyReadingStopsAtTheCap() throws Exception {
    byte[] atCap = new byte[ResponseMapper.MAX_BODY_BYTES];
    assertThat(ResponseMapper.readBody(CALL, 200, new ByteArrayInputStream(atCap))).hasSize(atCap.length);

    ProviderException e = catchThrowableOfType(ProviderException.class, () -> ResponseMapper.readBody(CALL, 200,
        new ByteArrayInputStream(new byte[ResponseMapper.MAX_BODY_BYTES + 1])));
    assertThat(e.code()).isEqualTo("response_too_large");
  }

  private static ProviderException failure(int status, Map<String, List<String>> headers) {
    return catchThrowableOfType(ProviderException.class,
        () -> ResponseMapper.checkStatus(CALL, status, headers(headers), NOW));
  }

  private static HttpHeaders headers(Map<String, List<String>> values) {
    return HttpHeaders.of(values, (name, value) -> true);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
