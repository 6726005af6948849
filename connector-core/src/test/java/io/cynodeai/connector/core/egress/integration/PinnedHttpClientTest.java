package io.cynodeai.connector.core.egress.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.cynodeai.connector.core.egress.EgressGuard;
import io.cynodeai.connector.core.egress.EgressPolicy;
import io.cynodeai.connector.core.egress.RawRequest;
import io.cynodeai.connector.core.egress.TestResolver;
import io.cynodeai.connector.spi.NetworkAccess;
import java.net.ProtocolException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The guard's HTTP/1.1 client against a real JDK HTTP server on 127.0.0.1. */
class PinnedHttpClientTest {
  private static TestServers.Running server;

  @BeforeAll
  static void start() throws Exception {
    server = TestServers.http(null);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private NetworkAccess guard(long maxResponseBytes) {
    return EgressGuard.of(EgressPolicy.builder().allow("http://service.test:" + server.port())
        .allowAddressRange("127.0.0.1/32").maxResponseBytes(maxResponseBytes).build(),
        new TestResolver().answer("service.test", "127.0.0.1"), d -> {});
  }

  private URI uri(String path) {
    return URI.create("http://service.test:" + server.port() + path);
  }

  @Test
  void aChunkedResponseIsReadWhole() throws Exception {
    HttpResponse<String> response = guard(1 << 20).httpClient()
        .send(HttpRequest.newBuilder(uri("/chunked")).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("hello".repeat(100));
  }

  @Test
  void aRequestBodyIsSentWithItsLength() throws Exception {
    HttpResponse<String> response = guard(1 << 20).httpClient().send(HttpRequest.newBuilder(uri("/echo"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"a\":1}")).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.body()).isEqualTo("{\"a\":1}");
  }

  @Test
  void aResponseOverTheCapIsRefused() {
    Throwable thrown = catchThrowable(() -> guard(100).httpClient()
        .send(HttpRequest.newBuilder(uri("/chunked")).build(), HttpResponse.BodyHandlers.ofString()));

    assertThat(thrown).isInstanceOf(ProtocolException.class)
        .hasMessage("response body exceeds the cap of 100 bytes");
  }

  @Test
  void aHeaderValueWithLineBreaksCannotSmuggleASecondRequest() {
    int before = server.hosts().size();
    RawRequest smuggling = new RawRequest(uri("/hello"),
        Map.of("X-Note", List.of("a\r\n\r\nGET /admin HTTP/1.1\r\nHost: internal")));

    Throwable thrown = catchThrowable(() -> guard(1 << 20).httpClient()
        .send(smuggling, HttpResponse.BodyHandlers.ofString()));

    assertThat(thrown).isInstanceOf(ProtocolException.class)
        .hasMessage("request header value contains CR, LF or NUL");
    assertThat(server.hosts()).hasSize(before);
  }

  @Test
  void sendAsyncIsGuardedToo() {
    Throwable thrown = catchThrowable(() -> guard(1 << 20).httpClient()
        .sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/")).build(),
            HttpResponse.BodyHandlers.ofString()).join());

    assertThat(thrown).hasRootCauseMessage("egress denied: http://127.0.0.1:" + server.port()
        + " is not in the instance's egress allowlist");
  }
}
