package io.cynodeai.connector.reference.http.integration;

import static io.cynodeai.connector.reference.http.integration.StubHttpServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.Violation;
import io.cynodeai.connector.reference.http.HttpConnectorProvider;
import io.cynodeai.connector.reference.http.integration.StubHttpServer.Received;
import io.cynodeai.connector.reference.http.integration.StubHttpServer.Reply;
import io.cynodeai.connector.testkit.TestHost;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the {@code http} connector puts on the wire, and which requests never get there. */
class HttpConnectorRequestTest {

  @Test
  void getAppendsThePathToTheBaseUrlAndEncodesTheQuery() {
    try (StubHttpServer server = StubHttpServer.start("/api"); TestHost h = server.host().start()) {
      server.on("/items/42", Reply.json(200, "{}"));

      Outcome out = h.invoke("get", json("""
          {"path":"/items/42","query":{"q":"a b&c=d","page":"2"}}"""));

      assertThat(out).isInstanceOf(Succeeded.class);
      Received request = server.received("/items/42").get(0);
      assertThat(request.method()).isEqualTo("GET");
      assertThat(request.rawQuery()).isEqualTo("q=a%20b%26c%3Dd&page=2");
      assertThat(request.headers())
          .containsEntry("accept", "application/json")
          .containsEntry("user-agent", "cynodeai-http-connector/" + HttpConnectorProvider.VERSION);
      assertThat(request.body()).isEmpty();
    }
  }

  @Test
  void sendPostsTheJsonBodyWithTheCallersHeaders() {
    try (StubHttpServer server = StubHttpServer.start("/api"); TestHost h = server.host().start()) {
      server.on("/items", Reply.json(201, "{\"id\":43}").header("Location", "/items/43"));

      Outcome out = h.invokeWithNewKey("send", json("""
          {"method":"POST","path":"/items","headers":{"idempotency-key":"k-1"},"body":{"name":"widget","tags":[]}}"""));

      assertThat(((Succeeded) out).response().data()).isEqualTo(json("""
          {"status":201,"headers":{"content-type":"application/json","location":"/items/43"},"body":{"id":43}}"""));
      Received request = server.received("/items").get(0);
      assertThat(request.method()).isEqualTo("POST");
      assertThat(json(request.body())).isEqualTo(json("{\"name\":\"widget\",\"tags\":[]}"));
      assertThat(request.headers())
          .containsEntry("content-type", "application/json")
          .containsEntry("idempotency-key", "k-1");
    }
  }

  @Test
  void callHeadersOverrideTheInstancesDefaultHeaders() {
    try (StubHttpServer server = StubHttpServer.start("/api");
        TestHost h = server.host().config(withDefaultHeaders(server.config())).start()) {
      server.on("/items", Reply.json(200, "[]"));

      h.invoke("get", json("{\"path\":\"/items\",\"headers\":{\"x-api-version\":\"3\"}}"));

      assertThat(server.received("/items").get(0).headers())
          .containsEntry("x-api-version", "3")
          .containsEntry("accept", "application/vnd.items+json");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"//evil.example/x", "http://evil.example/x", "items", "", "/a/../b", "/..", "/a/./b",
      "/%2e%2e/x", "/a%2Fb", "/a%5c..", "/a?x=1", "/a#top", "/a b", "/a\n", "/a\\b", "/caf\u00e9"})
  @Tag("REQ-SCHEMA-006")
  void pathThatCouldLeaveTheBaseUrlIsRefusedBeforeAnyRequest(String path) {
    try (StubHttpServer server = StubHttpServer.start("/api"); TestHost h = server.host().start()) {
      ObjectNode input = (ObjectNode) json("{}");
      input.put("path", path);

      Outcome out = h.invoke("get", input);

      assertThat(out).isInstanceOf(Failed.class);
      Failed f = (Failed) out;
      assertThat(f.failureClass()).isEqualTo(FailureClass.VALIDATION_ERROR);
      assertThat(f.violations()).extracting(Violation::pointer).isNotEmpty().containsOnly("/path");
      assertThat(server.received()).allMatch(r -> r.method().equals("HEAD"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"authorization", "proxy-authorization", "cookie", "host", "content-length",
      "transfer-encoding", "Accept", "x bad"})
  @Tag("REQ-SCHEMA-006")
  void credentialConnectionAndMalformedHeaderNamesAreRefused(String name) {
    try (StubHttpServer server = StubHttpServer.start("/api"); TestHost h = server.host().start()) {
      ObjectNode input = (ObjectNode) json("{\"path\":\"/items\"}");
      input.putObject("headers").put(name, "value");

      Outcome out = h.invoke("get", input);

      assertThat(out).isInstanceOf(Failed.class);
      assertThat(((Failed) out).failureClass()).isEqualTo(FailureClass.VALIDATION_ERROR);
      assertThat(server.received("/items")).isEmpty();
    }
  }

  @Test
  @Tag("REQ-SCHEMA-006")
  void headerValueWithALineBreakIsRefused() {
    try (StubHttpServer server = StubHttpServer.start("/api"); TestHost h = server.host().start()) {
      Outcome out = h.invoke("get", json("{\"path\":\"/items\",\"headers\":{\"x-note\":\"a\\r\\nx-injected: 1\"}}"));

      assertThat(((Failed) out).violations()).extracting(Violation::pointer).containsExactly("/headers/x-note");
      assertThat(server.received("/items")).isEmpty();
    }
  }

  @Test
  @Tag("REQ-SCHEMA-006")
  void getRefusesABodyAndSendRefusesGet() {
    try (StubHttpServer server = StubHttpServer.start("/api"); TestHost h = server.host().start()) {
      Outcome withBody = h.invoke("get", json("{\"path\":\"/items\",\"body\":{}}"));
      Outcome sendGet = h.invokeWithNewKey("send", json("{\"method\":\"GET\",\"path\":\"/items\"}"));

      assertThat(((Failed) withBody).failureClass()).isEqualTo(FailureClass.VALIDATION_ERROR);
      assertThat(((Failed) sendGet).violations()).extracting(Violation::pointer).containsExactly("/method");
      assertThat(server.received("/items")).isEmpty();
    }
  }

  private static ObjectNode withDefaultHeaders(ObjectNode config) {
    config.putObject("defaultHeaders").put("x-api-version", "2").put("accept", "application/vnd.items+json");
    return config;
  }
}
