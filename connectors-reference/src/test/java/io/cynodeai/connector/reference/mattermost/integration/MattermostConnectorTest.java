package io.cynodeai.connector.reference.mattermost.integration;

import static io.cynodeai.connector.reference.mattermost.integration.MattermostPeer.CHANNEL;
import static io.cynodeai.connector.reference.mattermost.integration.MattermostPeer.FORBIDDEN_CHANNEL;
import static io.cynodeai.connector.reference.mattermost.integration.MattermostPeer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.NormalizedResponse;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.instance.InstanceStatus;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.reference.mattermost.MattermostConnectorProvider;
import io.cynodeai.connector.reference.mattermost.integration.MattermostPeer.Received;
import io.cynodeai.connector.testkit.TestHost;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The {@code mattermost} connector in a real engine, against a peer speaking Mattermost's API v4. */
@Tag("REQ-EGRESS-001")
class MattermostConnectorTest {
  private static final String POSTS = "/api/v4/posts";
  private static final String CHANNEL_POSTS = "/api/v4/channels/" + CHANNEL + "/posts";

  @Test
  void postMessageSendsTheLeasedBearerTokenAndAnswersThePostsDocumentedFields() {
    try (MattermostPeer peer = MattermostPeer.start(); TestHost h = peer.host().start()) {
      Outcome out = h.invokeWithNewKey("postMessage", json("{\"channel_id\":\"" + CHANNEL
          + "\",\"message\":\"Deploy finished\"}"));

      JsonNode post = ((Succeeded) out).response().data();
      assertThat(post.fieldNames()).toIterable().containsExactlyInAnyOrderElementsOf(MattermostPeer.postFields());
      assertThat(post.get("message").asText()).isEqualTo("Deploy finished");
      assertThat(post.get("channel_id").asText()).isEqualTo(CHANNEL);
      assertThat(post.get("root_id").asText()).isEmpty();
      assertThat(MattermostPeer.isId(post.get("id").asText())).isTrue();
      assertThat(((Succeeded) out).response().metadata().providerStatusCode()).isEqualTo(201);
      Received request = peer.received(POSTS).get(0);
      assertThat(request.authorization()).isEqualTo("Bearer " + MattermostPeer.TOKEN);
      assertThat(json(request.body())).isEqualTo(json("{\"channel_id\":\"" + CHANNEL
          + "\",\"message\":\"Deploy finished\"}"));
    }
  }

  @Test
  void aReplyCarriesItsRootIdAndComesBackInTheThread() {
    try (MattermostPeer peer = MattermostPeer.start(); TestHost h = peer.host().start()) {
      String root = peer.seed(CHANNEL, "Deploy started", 1_600_000_000_000L);

      Outcome out = h.invokeWithNewKey("postMessage", json("{\"channel_id\":\"" + CHANNEL
          + "\",\"message\":\"done\",\"root_id\":\"" + root + "\"}"));

      assertThat(((Succeeded) out).response().data().get("root_id").asText()).isEqualTo(root);
      assertThat(json(peer.received(POSTS).get(0).body()).get("root_id").asText()).isEqualTo(root);
    }
  }

  @Test
  void readChannelHistorySinceATimeAsksOnlyForPostsSinceThenAndAnswersThePostList() {
    try (MattermostPeer peer = MattermostPeer.start(); TestHost h = peer.host().start()) {
      peer.seed(CHANNEL, "old", 1_000L);
      String newer = peer.seed(CHANNEL, "newer", 3_000L);
      String newest = peer.seed(CHANNEL, "newest", 4_000L);

      JsonNode list = ((Succeeded) h.invoke("readChannelHistory", json("{\"channel_id\":\"" + CHANNEL
          + "\",\"since\":2000}"))).response().data();

      assertThat(peer.received(CHANNEL_POSTS).get(0).rawQuery()).isEqualTo("since=2000");
      assertThat(list.get("order")).isEqualTo(json("[\"" + newest + "\",\"" + newer + "\"]"));
      assertThat(list.get("posts").get(newer).get("message").asText()).isEqualTo("newer");
      assertThat(list.get("posts").get(newer).has("metadata")).isFalse();
      assertThat(list.get("has_next").asBoolean()).isFalse();
    }
  }

  @Test
  void readChannelHistoryPagesWithPageAndPerPage() {
    try (MattermostPeer peer = MattermostPeer.start(); TestHost h = peer.host().start()) {
      peer.seed(CHANNEL, "a", 1_000L);
      String second = peer.seed(CHANNEL, "b", 2_000L);
      peer.seed(CHANNEL, "c", 3_000L);

      JsonNode list = ((Succeeded) h.invoke("readChannelHistory", json("{\"channel_id\":\"" + CHANNEL
          + "\",\"page\":1,\"per_page\":1}"))).response().data();

      assertThat(peer.received(CHANNEL_POSTS).get(0).rawQuery()).isEqualTo("page=1&per_page=1");
      assertThat(list.get("order")).isEqualTo(json("[\"" + second + "\"]"));
    }
  }

  @Test
  void sinceAndPagingTogetherAreRefusedBeforeAnythingIsSent() {
    try (MattermostPeer peer = MattermostPeer.start(); TestHost h = peer.host().start()) {
      Failed out = (Failed) h.invoke("readChannelHistory", json("{\"channel_id\":\"" + CHANNEL
          + "\",\"since\":1,\"page\":2}"));

      assertThat(out.failureClass()).isEqualTo(FailureClass.VALIDATION_ERROR);
      assertThat(peer.received(CHANNEL_POSTS)).isEmpty();
    }
  }

  @Test
  void aRejectedTokenFailsTheHealthCheckAndLeavesTheInstanceCredentialExpired() {
    try (MattermostPeer peer = MattermostPeer.start();
        TestHost h = peer.host(new MattermostConnectorProvider(), "wrong-token").tryStart()) {
      assertThat(h.startOutcome()).isInstanceOf(LifecycleOutcome.Applied.class);
      assertThat(h.instance().status()).isEqualTo(InstanceStatus.CREDENTIAL_EXPIRED);
      assertThat(h.instance().lastError().message()).isEqualTo(
          "HTTP 401 from GET /api/v4/users/me (api.context.session_expired.app_error): Mattermost rejected the token");
    }
  }

  @Test
  void aTokenRejectedDuringACallIsCredentialsRejectedAndExpiresTheInstance() {
    try (MattermostPeer peer = MattermostPeer.start(); TestHost h = peer.host().start()) {
      peer.script(POSTS, MattermostPeer.error(401, "api.context.session_expired.app_error", "expired"));

      Failed out = (Failed) h.invokeWithNewKey("postMessage", json("{\"channel_id\":\"" + CHANNEL
          + "\",\"message\":\"hi\"}"));

      assertThat(out.failureClass()).isEqualTo(FailureClass.PERMANENT);
      assertThat(out.code()).isEqualTo("credentials_rejected");
      assertThat(out.providerStatus()).isEqualTo(401);
      assertThat(h.instance().status()).isEqualTo(InstanceStatus.CREDENTIAL_EXPIRED);
    }
  }

  @Test
  void aForbiddenChannelIsAPermanentFailureNamingMattermostsErrorId() {
    try (MattermostPeer peer = MattermostPeer.start(); TestHost h = peer.host().start()) {
      Failed out = (Failed) h.invokeWithNewKey("postMessage", json("{\"channel_id\":\"" + FORBIDDEN_CHANNEL
          + "\",\"message\":\"secret plans\"}"));

      assertThat(out).isEqualTo(new Failed(FailureClass.PERMANENT, "provider_status_403",
          "HTTP 403 from POST /api/v4/posts (api.context.permissions.app_error)", false, 403, null, List.of()));
      assertThat(h.instance().status()).isEqualTo(InstanceStatus.ACTIVE);
    }
  }

  @Test
  void anUnknownChannelIsAPermanentFailureAndIsNotRetried() {
    try (MattermostPeer peer = MattermostPeer.start(); TestHost h = peer.host().start()) {
      String unknown = "zz1x3u7dqbbyjy8t5bkjo8a4nw";
      Failed out = (Failed) h.invoke("readChannelHistory", json("{\"channel_id\":\"" + unknown + "\"}"));

      assertThat(out.failureClass()).isEqualTo(FailureClass.PERMANENT);
      assertThat(out.code()).isEqualTo("provider_status_404");
      assertThat(out.message()).isEqualTo("HTTP 404 from GET /api/v4/channels/" + unknown
          + "/posts (app.channel.get.existing.app_error)");
      assertThat(peer.received("/api/v4/channels/" + unknown + "/posts")).hasSize(1);
    }
  }

  @Test
  void messageBodiesAreRedactedWhenTheHostRegistersTheRedactingType() {
    try (MattermostPeer peer = MattermostPeer.start();
        TestHost h = peer.host(MattermostConnectorProvider.redactingMessageBodies(), MattermostPeer.TOKEN).start()) {
      String first = peer.seed(CHANNEL, "salary figures", 3_000L);

      NormalizedResponse posted = ((Succeeded) h.invokeWithNewKey("postMessage", json("{\"channel_id\":\"" + CHANNEL
          + "\",\"message\":\"the password is hunter2\"}"))).response();
      NormalizedResponse read = ((Succeeded) h.invoke("readChannelHistory", json("{\"channel_id\":\"" + CHANNEL
          + "\",\"since\":2000}"))).response();

      assertThat(posted.data().get("message").asText()).isEqualTo("[REDACTED]");
      assertThat(posted.redactionsApplied()).containsExactly("/message");
      assertThat(read.data().get("posts").get(first).get("message").asText()).isEqualTo("[REDACTED]");
      assertThat(read.redactionsApplied()).hasSize(2).contains("/posts/" + first + "/message");
    }
  }

  @Test
  void answersCarryMessageBodiesByDefaultAndReportNoRedactions() {
    try (MattermostPeer peer = MattermostPeer.start(); TestHost h = peer.host().start()) {
      NormalizedResponse posted = ((Succeeded) h.invokeWithNewKey("postMessage", json("{\"channel_id\":\"" + CHANNEL
          + "\",\"message\":\"hello\"}"))).response();

      assertThat(posted.data().get("message").asText()).isEqualTo("hello");
      assertThat(posted.redactionsApplied()).isEmpty();
    }
  }
}
