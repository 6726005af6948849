package io.cynodeai.connector.reference.http.integration;

import static io.cynodeai.connector.reference.http.integration.StubHttpServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.NormalizedResponse;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.reference.http.integration.StubHttpServer.Reply;
import io.cynodeai.connector.testkit.TestHost;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** What the {@code http} connector makes of a provider's answer, and which answers it refuses. */
class HttpConnectorResponseTest {

  @Test
  @Tag("REQ-SCHEMA-005")
  void truncatedJsonIsRefusedAsPermanentWithoutRetry() {
    try (StubHttpServer server = StubHttpServer.start("/api"); TestHost h = server.host().start()) {
      server.on("/items", Reply.json(200, "{\"items\":[1,2"));

      Outcome out = h.invoke("get", json("{\"path\":\"/items\"}"));

      assertThat(out).isInstanceOf(Failed.class);
      Failed f = (Failed) out;
      assertThat(f.failureClass()).isEqualTo(FailureClass.PERMANENT);
      assertThat(f.code()).isEqualTo("response_not_json");
      assertThat(f.message()).isEqualTo("HTTP 200 from GET /items: the body is not valid JSON although its"
          + " content type says it is");
      assertThat(server.received("/items")).hasSize(1);
    }
  }

  @Test
  @Tag("REQ-SCHEMA-005")
  void jsonFollowedByGarbageIsRefused() {
    try (StubHttpServer server = StubHttpServer.start("/api"); TestHost h = server.host().start()) {
      server.on("/items", Reply.json(200, "{\"a\":1} <html>"));

      Outcome out = h.invoke("get", json("{\"path\":\"/items\"}"));

      assertThat(((Failed) out).code()).isEqualTo("response_not_json");
    }
  }

  @Test
  @Tag("REQ-SCHEMA-005")
  void binaryBodyIsRefused() {
    try (StubHttpServer server = StubHttpServer.start("/api"); TestHost h = server.host().start()) {
      server.on("/logo", Reply.body(200, "image/png", "\u0089PNG"));

      Outcome out = h.invoke("get", json("{\"path\":\"/logo\"}"));

      assertThat(out).isInstanceOf(Failed.class);
      assertThat(((Failed) out).code()).isEqualTo("response_not_json");
      assertThat(((Failed) out).failureClass()).isEqualTo(FailureClass.PERMANENT);
    }
  }

  @Test
  @Tag("REQ-SCHEMA-005")
  void bodyLargerThanOneMebibyteIsRefused() {
    try (StubHttpServer server = StubHttpServer.start("/api"); TestHost h = server.host().start()) {
      server.on("/dump", Reply.json(200, "\"" + "x".repeat(1024 * 1024) + "\""));

      Outcome out = h.invoke("get", json("{\"path\":\"/dump\"}"));

      assertThat(((Failed) out).code()).isEqualTo("response_too_large");
    }
  }

  @Test
  void jsonBodyIsReturnedWithStatusAndAllowlistedHeadersOnly() {
    try (StubHttpServer server = StubHttpServer.start("/api"); TestHost h = server.host().start()) {
      server.on("/items/42", Reply.json(200, "{\"id\":42}")
          .header("ETag", "\"v7\"")
          .header("X-Request-Id", "req-1")
          .header("Set-Cookie", "session=secret")
          .header("X-Internal-Token", "secret"));

      Outcome out = h.invoke("get", json("{\"path\":\"/items/42\"}"));

      NormalizedResponse response = ((Succeeded) out).response();
      assertThat(response.data()).isEqualTo(json("""
          {"status":200,
           "headers":{"content-type":"application/json","etag":"\\"v7\\"","x-request-id":"req-1"},
           "body":{"id":42}}"""));
      assertThat(response.warnings()).isEmpty();
    }
  }

  @Test
  void shortTextBodyIsReturnedAsAStringWithAWarning() {
    try (StubHttpServer server = StubHttpServer.start("/api"); TestHost h = server.host().start()) {
      server.on("/ping", Reply.body(200, "text/plain; charset=utf-8", "pong"));

      Outcome out = h.invoke("get", json("{\"path\":\"/ping\"}"));

      NormalizedResponse response = ((Succeeded) out).response();
      assertThat(response.data().get("body").asText()).isEqualTo("pong");
      assertThat(response.warnings()).containsExactly("the body is text/plain, returned as a JSON string");
    }
  }

  @Test
  void noContentAnswersWithANullBody() {
    try (StubHttpServer server = StubHttpServer.start("/api"); TestHost h = server.host().start()) {
      server.on("/items/9", Reply.status(204));

      Outcome out = h.invokeWithNewKey("send", json("{\"method\":\"DELETE\",\"path\":\"/items/9\"}"));

      assertThat(((Succeeded) out).response().data()).isEqualTo(json("{\"status\":204,\"headers\":{},\"body\":null}"));
      assertThat(((Succeeded) out).response().metadata().providerStatusCode()).isEqualTo(204);
    }
  }

  @Test
  void notModifiedAnswersAConditionalGet() {
    try (StubHttpServer server = StubHttpServer.start("/api"); TestHost h = server.host().start()) {
      server.on("/items/42", Reply.status(304).header("ETag", "\"v7\""));

      Outcome out = h.invoke("get", json("{\"path\":\"/items/42\",\"headers\":{\"if-none-match\":\"\\\"v7\\\"\"}}"));

      assertThat(((Succeeded) out).response().data())
          .isEqualTo(json("{\"status\":304,\"headers\":{\"etag\":\"\\\"v7\\\"\"},\"body\":null}"));
      assertThat(server.received("/items/42").get(0).headers()).containsEntry("if-none-match", "\"v7\"");
    }
  }
}
