package io.cynodeai.connector.reference.discord.integration;

import static io.cynodeai.connector.reference.discord.integration.DiscordPeer.CHANNEL;
import static io.cynodeai.connector.reference.discord.integration.DiscordPeer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.NormalizedResponse;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.instance.InstanceStatus;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.reference.discord.DiscordConnectorProvider;
import io.cynodeai.connector.reference.discord.integration.DiscordPeer.Received;
import io.cynodeai.connector.testkit.TestHost;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The {@code discord} connector in a real engine, against a peer speaking Discord's API v10. */
@Tag("REQ-EGRESS-001")
class DiscordConnectorTest {
  private static final String MESSAGES = "/channels/" + CHANNEL + "/messages";

  @Test
  void createMessageAuthenticatesAsABotAndAnswersTheMessagesDocumentedFields() {
    try (DiscordPeer peer = DiscordPeer.start(); TestHost h = peer.host().start()) {
      Succeeded out = (Succeeded) h.invokeWithNewKey("createMessage", json("{\"channel_id\":\"" + CHANNEL
          + "\",\"content\":\"Deploy finished\"}"));

      JsonNode message = out.response().data();
      assertThat(message.fieldNames()).toIterable().containsExactly("id", "channel_id", "author", "content",
          "timestamp", "edited_timestamp", "type");
      assertThat(message.get("author")).isEqualTo(json("{\"id\":\"" + DiscordPeer.BOT_ID
          + "\",\"username\":\"deploy-bot\",\"global_name\":null,\"bot\":true}"));
      assertThat(message.get("content").asText()).isEqualTo("Deploy finished");
      assertThat(out.response().warnings()).isEmpty();
      Received request = peer.received(MESSAGES).get(0);
      assertThat(request.authorization()).isEqualTo("Bot " + DiscordPeer.TOKEN);
      assertThat(json(request.body())).isEqualTo(json("{\"content\":\"Deploy finished\"}"));
    }
  }

  @Test
  void aReplySendsItsMessageReference() {
    try (DiscordPeer peer = DiscordPeer.start(); TestHost h = peer.host().start()) {
      String original = peer.seed("Deploy started");

      JsonNode message = ((Succeeded) h.invokeWithNewKey("createMessage", json("{\"channel_id\":\"" + CHANNEL
          + "\",\"content\":\"done\",\"message_reference\":{\"message_id\":\"" + original + "\"}}")))
          .response().data();

      assertThat(message.get("message_reference").get("message_id").asText()).isEqualTo(original);
      assertThat(message.get("type").asInt()).isEqualTo(19);
    }
  }

  @Test
  void aNonceIsSentWithEnforceNonceSoDiscordAnswersARepeatWithTheSameMessage() {
    try (DiscordPeer peer = DiscordPeer.start(); TestHost h = peer.host().start()) {
      String input = "{\"channel_id\":\"" + CHANNEL + "\",\"content\":\"once\",\"nonce\":\"deploy-42\"}";

      JsonNode first = ((Succeeded) h.invokeWithNewKey("createMessage", json(input))).response().data();
      JsonNode second = ((Succeeded) h.invokeWithNewKey("createMessage", json(input))).response().data();

      assertThat(second.get("id")).isEqualTo(first.get("id"));
      assertThat(json(peer.received(MESSAGES).get(0).body())).isEqualTo(json(
          "{\"content\":\"once\",\"nonce\":\"deploy-42\",\"enforce_nonce\":true}"));
    }
  }

  @Test
  void getChannelMessagesPagesBeforeAMessageNewestFirst() {
    try (DiscordPeer peer = DiscordPeer.start(); TestHost h = peer.host().start()) {
      String a = peer.seed("a");
      String b = peer.seed("b");
      String c = peer.seed("c");

      JsonNode data = ((Succeeded) h.invoke("getChannelMessages", json("{\"channel_id\":\"" + CHANNEL
          + "\",\"limit\":5,\"before\":\"" + c + "\"}"))).response().data();

      assertThat(peer.received(MESSAGES).get(0).rawQuery()).isEqualTo("limit=5&before=" + c);
      assertThat(data.get("messages")).extracting(m -> m.get("id").asText()).containsExactly(b, a);
      assertThat(data.get("messages").get(0).has("embeds")).isFalse();
    }
  }

  @Test
  void beforeAndAfterTogetherAreRefusedBeforeAnythingIsSent() {
    try (DiscordPeer peer = DiscordPeer.start(); TestHost h = peer.host().start()) {
      Failed out = (Failed) h.invoke("getChannelMessages", json("{\"channel_id\":\"" + CHANNEL
          + "\",\"before\":\"5\",\"after\":\"1\"}"));

      assertThat(out.failureClass()).isEqualTo(FailureClass.VALIDATION_ERROR);
      assertThat(peer.received(MESSAGES)).isEmpty();
    }
  }

  @Test
  void aRejectedBotTokenLeavesTheInstanceCredentialExpired() {
    try (DiscordPeer peer = DiscordPeer.start();
        TestHost h = peer.host(new DiscordConnectorProvider(), "revoked").tryStart()) {
      assertThat(h.startOutcome()).isInstanceOf(LifecycleOutcome.Applied.class);
      assertThat(h.instance().status()).isEqualTo(InstanceStatus.CREDENTIAL_EXPIRED);
      assertThat(h.instance().lastError().message())
          .isEqualTo("HTTP 401 from GET /users/@me (Discord error 0): Discord rejected the bot token");
    }
  }

  @Test
  void missingAccessAndAnUnknownChannelArePermanentFailuresNamingDiscordsErrorCode() {
    try (DiscordPeer peer = DiscordPeer.start(); TestHost h = peer.host().start()) {
      Failed forbidden = (Failed) h.invokeWithNewKey("createMessage", json("{\"channel_id\":\""
          + DiscordPeer.FORBIDDEN_CHANNEL + "\",\"content\":\"private\"}"));
      Failed unknown = (Failed) h.invoke("getChannelMessages", json("{\"channel_id\":\"42\"}"));

      assertThat(forbidden).isEqualTo(new Failed(FailureClass.PERMANENT, "provider_status_403",
          "HTTP 403 from POST /channels/" + DiscordPeer.FORBIDDEN_CHANNEL + "/messages (Discord error 50001)", false,
          403, null, List.of()));
      assertThat(unknown).isEqualTo(new Failed(FailureClass.PERMANENT, "provider_status_404",
          "HTTP 404 from GET /channels/42/messages (Discord error 10003)", false, 404, null, List.of()));
      assertThat(peer.received("/channels/42/messages")).hasSize(1);
    }
  }

  @Test
  void messageContentsAreRedactedWhenTheHostRegistersTheRedactingType() {
    try (DiscordPeer peer = DiscordPeer.start();
        TestHost h = peer.host(DiscordConnectorProvider.redactingMessageBodies(), DiscordPeer.TOKEN).start()) {
      peer.seed("salary figures");

      NormalizedResponse sent = ((Succeeded) h.invokeWithNewKey("createMessage", json("{\"channel_id\":\"" + CHANNEL
          + "\",\"content\":\"hunter2\"}"))).response();
      NormalizedResponse read = ((Succeeded) h.invoke("getChannelMessages", json("{\"channel_id\":\"" + CHANNEL
          + "\"}"))).response();

      assertThat(sent.data().get("content").asText()).isEqualTo("[REDACTED]");
      assertThat(sent.redactionsApplied()).containsExactly("/content");
      assertThat(read.data().get("messages").findValuesAsText("content")).containsExactly("[REDACTED]", "[REDACTED]");
      assertThat(read.redactionsApplied()).containsExactly("/messages/0/content", "/messages/1/content");
    }
  }
}
