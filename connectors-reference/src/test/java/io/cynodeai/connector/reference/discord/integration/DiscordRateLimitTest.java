package io.cynodeai.connector.reference.discord.integration;

import static io.cynodeai.connector.reference.discord.integration.DiscordPeer.CHANNEL;
import static io.cynodeai.connector.reference.discord.integration.DiscordPeer.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.core.ratelimit.RateLimits;
import io.cynodeai.connector.reference.discord.integration.DiscordPeer.Reply;
import io.cynodeai.connector.testkit.TestHost;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Discord's per-bucket headers and its 429s (per route and global) drive the engine's quota state. */
class DiscordRateLimitTest {
  private static final String MESSAGES = "/channels/" + CHANNEL + "/messages";
  private static final String SEND = "{\"channel_id\":\"" + CHANNEL + "\",\"content\":\"hi\"}";
  private static final String READ = "{\"channel_id\":\"" + CHANNEL + "\"}";

  @Test
  @Tag("REQ-RATE-005")
  void aSuccessThatEmptiesItsBucketWarnsAndHoldsTheNextCallUntilTheBucketResets() {
    try (DiscordPeer peer = DiscordPeer.start(); TestHost h = peer.host()
        .engine(b -> b.rateLimits(RateLimits.none().withMaxQuotaWait(Duration.ofSeconds(2)))).start()) {
      peer.bucketLimit = 1;
      peer.resetAfter = "0.800";

      Succeeded first = (Succeeded) h.invokeWithNewKey("createMessage", json(SEND));
      long start = System.nanoTime();
      Succeeded second = (Succeeded) h.invoke("getChannelMessages", json(READ));

      assertThat(first.response().warnings()).containsExactly("Discord rate-limit bucket "
          + "80c17d2f203122d936070c88c8d10f33 is exhausted; further calls wait 800 ms for its reset");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(600));
      assertThat(second.response().data().get("messages")).hasSize(1);
    }
  }

  @Test
  @Tag("REQ-RATE-005")
  void aBucketResetBeyondTheQuotaWaitMakesTheNextCallFailFastWithoutReachingDiscord() {
    try (DiscordPeer peer = DiscordPeer.start(); TestHost h = peer.host().start()) {
      peer.bucketLimit = 1;
      peer.resetAfter = "30";

      assertThat(h.invokeWithNewKey("createMessage", json(SEND))).isInstanceOf(Succeeded.class);
      Failed second = (Failed) h.invokeWithNewKey("createMessage", json(SEND));

      assertThat(second.code()).isEqualTo("provider_quota_exhausted");
      assertThat(second.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(30));
      assertThat(peer.received(MESSAGES)).hasSize(1);
    }
  }

  @Test
  @Tag("REQ-RATE-005")
  @Tag("REQ-RATE-006")
  void aGlobal429IsRateLimitedForTheRetryAfterInItsBody() {
    try (DiscordPeer peer = DiscordPeer.start(); TestHost h = peer.host().start()) {
      peer.script(MESSAGES, Reply.json(429, "{\"message\":\"You are being rate limited.\",\"retry_after\":1.5,"
          + "\"global\":true}").header("Retry-After", "2").header("X-RateLimit-Global", "true")
          .header("X-RateLimit-Scope", "global"));

      Failed out = (Failed) h.invokeWithNewKey("createMessage", json(SEND));
      Failed next = (Failed) h.invokeWithNewKey("createMessage", json(SEND));

      assertThat(out).isEqualTo(new Failed(FailureClass.QUOTA_EXCEEDED, "provider_rate_limited",
          "HTTP 429 from POST " + MESSAGES + ": the bot's global rate limit", true, 429, Duration.ofMillis(1500),
          List.of()));
      assertThat(next.code()).isEqualTo("provider_quota_exhausted");
      assertThat(peer.received(MESSAGES)).hasSize(1);
    }
  }

  @Test
  @Tag("REQ-RATE-006")
  void aPerRoute429OnAReadIsRetriedByTheEngineAfterItsRetryAfter() {
    try (DiscordPeer peer = DiscordPeer.start(); TestHost h = peer.host().start()) {
      peer.script(MESSAGES, Reply.json(429, "{\"message\":\"You are being rate limited.\",\"retry_after\":0.25,"
          + "\"global\":false}").header("X-RateLimit-Scope", "user"));

      Succeeded out = (Succeeded) h.invoke("getChannelMessages", json(READ));

      assertThat(out.response().data().get("messages")).isEmpty();
      assertThat(peer.received(MESSAGES)).hasSize(2);
    }
  }
}
