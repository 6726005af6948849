package io.cynodeai.connector.reference.mattermost.integration;

import static io.cynodeai.connector.reference.mattermost.integration.MattermostPeer.CHANNEL;
import static io.cynodeai.connector.reference.mattermost.integration.MattermostPeer.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.instance.InstanceStatus;
import io.cynodeai.connector.reference.mattermost.integration.MattermostPeer.Reply;
import io.cynodeai.connector.testkit.TestHost;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Answers that are not Mattermost's JSON become classified failures, never crashes, and no failure message
 * quotes the token or a message body.
 */
class MattermostMalformedResponseTest {
  private static final String POSTS = "/api/v4/posts";
  private static final String CHANNEL_POSTS = "/api/v4/channels/" + CHANNEL + "/posts";
  private static final String SECRET_TEXT = "the launch code is 0000";

  private static Failed post(MattermostPeer peer, TestHost h, Reply reply) {
    peer.script(POSTS, reply);
    Failed failed = (Failed) h.invokeWithNewKey("postMessage", json("{\"channel_id\":\"" + CHANNEL
        + "\",\"message\":\"" + SECRET_TEXT + "\"}"));
    assertThat(failed.message()).doesNotContain(MattermostPeer.TOKEN).doesNotContain(SECRET_TEXT);
    return failed;
  }

  @Test
  void truncatedJsonIsAPermanentResponseNotJson() {
    try (MattermostPeer peer = MattermostPeer.start(); TestHost h = peer.host().start()) {
      Failed out = post(peer, h, Reply.json(201, "{\"id\":\"abc\",\"message\":\"" + SECRET_TEXT));

      assertThat(out.failureClass()).isEqualTo(FailureClass.PERMANENT);
      assertThat(out.code()).isEqualTo("response_not_json");
      assertThat(out.message()).isEqualTo(
          "HTTP 201 from POST /api/v4/posts: the body is not Mattermost's JSON: it is not valid JSON");
    }
  }

  @Test
  void anHtmlPageWithStatus200IsAPermanentResponseNotJson() {
    try (MattermostPeer peer = MattermostPeer.start(); TestHost h = peer.host().start()) {
      Failed out = post(peer, h, Reply.of(200, "text/html", "<html><body>Login</body></html>"));

      assertThat(out.code()).isEqualTo("response_not_json");
      assertThat(out.message()).endsWith("its content type is not application/json");
    }
  }

  @Test
  void anHtmlErrorPageFromAProxyIsClassifiedByItsStatus() {
    try (MattermostPeer peer = MattermostPeer.start(); TestHost h = peer.host().start()) {
      Reply badGateway = Reply.of(502, "text/html", "<html><h1>502 Bad Gateway</h1></html>");
      for (int i = 0; i < 4; i++) {
        peer.script(CHANNEL_POSTS, badGateway);
      }

      Failed out = (Failed) h.invoke("readChannelHistory", json("{\"channel_id\":\"" + CHANNEL + "\"}"));

      assertThat(out.failureClass()).isEqualTo(FailureClass.TRANSIENT);
      assertThat(out.code()).isEqualTo("provider_status_502");
      assertThat(out.message()).isEqualTo("HTTP 502 from GET /api/v4/channels/" + CHANNEL + "/posts");
      assertThat(peer.received(CHANNEL_POSTS)).hasSize(4);
    }
  }

  @Test
  void fieldsOfTheWrongTypeBreakTheResponseSchema() {
    try (MattermostPeer peer = MattermostPeer.start(); TestHost h = peer.host().start()) {
      Failed out = post(peer, h, Reply.json(201, "{\"id\":\"p1\",\"create_at\":\"yesterday\",\"update_at\":1,"
          + "\"user_id\":\"u\",\"channel_id\":\"c\",\"root_id\":\"\",\"message\":\"" + SECRET_TEXT
          + "\",\"type\":\"\"}"));

      assertThat(out.failureClass()).isEqualTo(FailureClass.PERMANENT);
      assertThat(out.code()).isEqualTo("response_schema_violation");
    }
  }

  @Test
  void aPostListWhosePostsAreNotAnObjectBreaksTheResponseSchema() {
    try (MattermostPeer peer = MattermostPeer.start(); TestHost h = peer.host().start()) {
      peer.script(CHANNEL_POSTS, Reply.json(200, "{\"order\":[],\"posts\":\"none\"}"));

      Failed out = (Failed) h.invoke("readChannelHistory", json("{\"channel_id\":\"" + CHANNEL + "\"}"));

      assertThat(out.code()).isEqualTo("response_schema_violation");
    }
  }

  @Test
  void anEmptySuccessBodyIsAPermanentResponseNotJson() {
    try (MattermostPeer peer = MattermostPeer.start(); TestHost h = peer.host().start()) {
      Failed out = post(peer, h, new Reply(201, Map.of("Content-Type", "application/json"), new byte[0]));

      assertThat(out.message()).endsWith("it is empty");
    }
  }

  @Test
  void aHugeBodyIsRefusedAfterTheCapWithoutBufferingItAll() {
    try (MattermostPeer peer = MattermostPeer.start(); TestHost h = peer.host().start()) {
      byte[] huge = new byte[9 * 1024 * 1024];
      Arrays.fill(huge, (byte) ' ');
      huge[0] = '[';
      huge[huge.length - 1] = ']';

      Failed out = post(peer, h, new Reply(201, Map.of("Content-Type", "application/json"), huge));

      assertThat(out.failureClass()).isEqualTo(FailureClass.PERMANENT);
      assertThat(out.code()).isEqualTo("response_too_large");
      assertThat(out.message()).isEqualTo("HTTP 201 from POST /api/v4/posts: the body exceeds 8388608 bytes");
      assertThat(h.instance().status()).isEqualTo(InstanceStatus.ACTIVE);
    }
  }

  @Test
  void anErrorStatusWithAnUnparseableBodyIsStillClassifiedByItsStatus() {
    try (MattermostPeer peer = MattermostPeer.start(); TestHost h = peer.host().start()) {
      Failed out = post(peer, h, new Reply(403, Map.of("Content-Type", "application/json"),
          "{\"id\":".getBytes(StandardCharsets.UTF_8)));

      assertThat(out.code()).isEqualTo("provider_status_403");
      assertThat(out.message()).isEqualTo("HTTP 403 from POST /api/v4/posts");
    }
  }
}
