package io.cynodeai.connector.reference.discord.integration;

import static io.cynodeai.connector.reference.discord.integration.DiscordPeer.CHANNEL;
import static io.cynodeai.connector.reference.discord.integration.DiscordPeer.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.reference.discord.integration.DiscordPeer.Reply;
import io.cynodeai.connector.testkit.TestHost;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Answers that are not Discord's JSON become classified failures, never crashes, and no failure message
 * quotes the token or a message's content.
 */
class DiscordMalformedResponseTest {
  private static final String MESSAGES = "/channels/" + CHANNEL + "/messages";
  private static final String SECRET_TEXT = "the launch code is 0000";

  private static Failed send(DiscordPeer peer, TestHost h, Reply reply) {
    peer.script(MESSAGES, reply);
    Failed failed = (Failed) h.invokeWithNewKey("createMessage", json("{\"channel_id\":\"" + CHANNEL
        + "\",\"content\":\"" + SECRET_TEXT + "\"}"));
    assertThat(failed.message()).doesNotContain(DiscordPeer.TOKEN).doesNotContain(SECRET_TEXT);
    return failed;
  }

  @Test
  void truncatedJsonIsAPermanentResponseNotJson() {
    try (DiscordPeer peer = DiscordPeer.start(); TestHost h = peer.host().start()) {
      Failed out = send(peer, h, Reply.json(200, "{\"id\":\"1\",\"content\":\"" + SECRET_TEXT));

      assertThat(out.failureClass()).isEqualTo(FailureClass.PERMANENT);
      assertThat(out.message()).isEqualTo("HTTP 200 from POST " + MESSAGES
          + ": the body is not Discord's JSON: it is not valid JSON");
    }
  }

  @Test
  void aCloudflareHtmlPageIsClassifiedByItsStatus() {
    try (DiscordPeer peer = DiscordPeer.start(); TestHost h = peer.host().start()) {
      Failed out = send(peer, h, Reply.of(503, "text/html", "<html><title>Service Unavailable</title></html>"));

      assertThat(out.failureClass()).isEqualTo(FailureClass.TRANSIENT);
      assertThat(out.code()).isEqualTo("provider_status_503");
    }
  }

  @Test
  void anHtmlPageWithStatus200IsAPermanentResponseNotJson() {
    try (DiscordPeer peer = DiscordPeer.start(); TestHost h = peer.host().start()) {
      assertThat(send(peer, h, Reply.of(200, "text/html", "<html></html>")).code()).isEqualTo("response_not_json");
    }
  }

  @Test
  void fieldsOfTheWrongTypeBreakTheResponseSchema() {
    try (DiscordPeer peer = DiscordPeer.start(); TestHost h = peer.host().start()) {
      Failed out = send(peer, h, Reply.json(200, "{\"id\":1,\"channel_id\":\"" + CHANNEL + "\",\"author\":\"me\","
          + "\"content\":\"" + SECRET_TEXT + "\",\"timestamp\":\"t\",\"edited_timestamp\":null,\"type\":0}"));

      assertThat(out.code()).isEqualTo("response_schema_violation");
    }
  }

  @Test
  void aMessageListThatIsNotAnArrayBreaksTheResponseSchema() {
    try (DiscordPeer peer = DiscordPeer.start(); TestHost h = peer.host().start()) {
      peer.script(MESSAGES, Reply.json(200, "{\"messages\":[]}"));

      Failed out = (Failed) h.invoke("getChannelMessages", json("{\"channel_id\":\"" + CHANNEL + "\"}"));

      assertThat(out.code()).isEqualTo("response_schema_violation");
    }
  }

  @Test
  void aHugeBodyIsRefusedAfterTheCap() {
    try (DiscordPeer peer = DiscordPeer.start(); TestHost h = peer.host().start()) {
      byte[] huge = new byte[5 * 1024 * 1024];
      Arrays.fill(huge, (byte) ' ');

      Failed out = send(peer, h, new Reply(200, Map.of("Content-Type", "application/json"), huge));

      assertThat(out.code()).isEqualTo("response_too_large");
      assertThat(out.message()).isEqualTo("HTTP 200 from POST " + MESSAGES + ": the body exceeds 4194304 bytes");
    }
  }

  @Test
  void a429WithAMalformedBodyFallsBackToItsHeaders() {
    try (DiscordPeer peer = DiscordPeer.start(); TestHost h = peer.host().start()) {
      Failed out = send(peer, h, Reply.of(429, "text/html", "<html>slow down</html>").header("Retry-After", "7"));

      assertThat(out.failureClass()).isEqualTo(FailureClass.QUOTA_EXCEEDED);
      assertThat(out.retryAfter()).hasSeconds(7);
    }
  }
}
