package io.cynodeai.connector.reference.mattermost.integration;

import static io.cynodeai.connector.reference.mattermost.integration.MattermostPeer.CHANNEL;
import static io.cynodeai.connector.reference.mattermost.integration.MattermostPeer.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.core.ratelimit.RateLimits;
import io.cynodeai.connector.reference.mattermost.integration.MattermostPeer.Reply;
import io.cynodeai.connector.testkit.TestHost;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Mattermost's 429 and its {@code X-Ratelimit-*} headers drive the engine's provider quota state and backoff. */
class MattermostRateLimitTest {
  private static final String POSTS = "/api/v4/posts";
  private static final String CHANNEL_POSTS = "/api/v4/channels/" + CHANNEL + "/posts";

  private static Reply tooManyRequests(String resetSeconds) {
    return MattermostPeer.error(429, "api.context.rate_limit_exceeded.app_error", "Too many requests.")
        .header("X-Ratelimit-Limit", "10").header("X-Ratelimit-Remaining", "0")
        .header("X-Ratelimit-Reset", resetSeconds);
  }

  @Test
  @Tag("REQ-RATE-005")
  void a429BlocksTheInstanceUntilItsResetSoTheNextCallFailsFastWithoutReachingMattermost() {
    try (MattermostPeer peer = MattermostPeer.start(); TestHost h = peer.host().start()) {
      peer.script(POSTS, tooManyRequests("60"));

      Failed first = (Failed) h.invokeWithNewKey("postMessage", json("{\"channel_id\":\"" + CHANNEL
          + "\",\"message\":\"hi\"}"));
      Failed second = (Failed) h.invoke("readChannelHistory", json("{\"channel_id\":\"" + CHANNEL + "\"}"));

      assertThat(first).isEqualTo(new Failed(FailureClass.QUOTA_EXCEEDED, "provider_rate_limited",
          "HTTP 429 from POST /api/v4/posts (api.context.rate_limit_exceeded.app_error)", true, 429,
          Duration.ofSeconds(60), List.of()));
      assertThat(second.code()).isEqualTo("provider_quota_exhausted");
      assertThat(second.failureClass()).isEqualTo(FailureClass.QUOTA_EXCEEDED);
      assertThat(second.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(60));
      assertThat(peer.received(CHANNEL_POSTS)).isEmpty();
    }
  }

  @Test
  @Tag("REQ-RATE-005")
  void aCallAfterANear429ResetWaitsForItAndThenSucceeds() {
    try (MattermostPeer peer = MattermostPeer.start(); TestHost h = peer.host()
        .engine(b -> b.rateLimits(RateLimits.none().withMaxQuotaWait(Duration.ofSeconds(2)))).start()) {
      peer.script(POSTS, tooManyRequests("1"));
      assertThat(h.invokeWithNewKey("postMessage", json("{\"channel_id\":\"" + CHANNEL + "\",\"message\":\"hi\"}")))
          .isInstanceOf(Failed.class);

      long start = System.nanoTime();
      assertThat(h.invokeWithNewKey("postMessage", json("{\"channel_id\":\"" + CHANNEL + "\",\"message\":\"hi\"}")))
          .isInstanceOf(Succeeded.class);

      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(800));
      assertThat(peer.received(POSTS)).hasSize(2);
    }
  }

  @Test
  @Tag("REQ-RATE-006")
  void aReadRateLimitedBrieflyIsRetriedByTheEngineAfterTheResetAndSucceeds() {
    try (MattermostPeer peer = MattermostPeer.start(); TestHost h = peer.host().start()) {
      peer.script(CHANNEL_POSTS, tooManyRequests("1"));

      long start = System.nanoTime();
      Succeeded out = (Succeeded) h.invoke("readChannelHistory", json("{\"channel_id\":\"" + CHANNEL + "\"}"));

      assertThat(out.response().data().get("order")).isEmpty();
      assertThat(peer.received(CHANNEL_POSTS)).hasSize(2);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }
  }

  @Test
  @Tag("REQ-RATE-006")
  void withoutXRatelimitResetTheRetryAfterHeaderIsHonoured() {
    try (MattermostPeer peer = MattermostPeer.start(); TestHost h = peer.host().start()) {
      peer.script(POSTS, MattermostPeer.error(429, "api.context.rate_limit_exceeded.app_error", "slow")
          .header("Retry-After", "30"));

      Failed out = (Failed) h.invokeWithNewKey("postMessage", json("{\"channel_id\":\"" + CHANNEL
          + "\",\"message\":\"hi\"}"));

      assertThat(out.retryAfter()).isEqualTo(Duration.ofSeconds(30));
    }
  }
}
