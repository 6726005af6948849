package io.cynodeai.connector.core.internal.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * An opened secret reuses a spare {@code Mac} between verifications: threads verifying at once must each get
 * their own, and every answer must be the HMAC of what that thread asked for.
 */
class OpenedSecretConcurrencyTest {
  private static final char[] SECRET = "a-shared-secret".toCharArray();

  private static byte[] expected(byte[] prefix, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(new String(SECRET).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    mac.update(prefix);
    return mac.doFinal(body);
  }

  @Test
  void concurrentVerificationsNeverShareAMac() throws Exception {
    OpenedSecret secret = OpenedSecret.of(SECRET.clone());
    int threads = 8;
    int rounds = 2_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        results.add(pool.submit(() -> {
          go.await(10, TimeUnit.SECONDS);
          int wrong = 0;
          for (int i = 0; i < rounds; i++) {
            byte[] prefix = ("t" + thread + "." + i + ".").getBytes(StandardCharsets.UTF_8);
            byte[] body = ("{\"n\":" + (i * threads + thread) + "}").getBytes(StandardCharsets.UTF_8);
            if (!Arrays.equals(secret.hmacSha256(prefix, body), expected(prefix, body))) {
              wrong++;
            }
          }
          return wrong;
        }));
      }
      go.countDown();
      for (Future<Integer> r : results) {
        assertThat(r.get(60, TimeUnit.SECONDS)).as("HMACs computed on a Mac another thread was using").isZero();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(secret.standardSha256(new byte[0], new byte[0])).as("not a whsec_ secret").isNull();
  }

  @Test
  void headersAreMatchedIgnoringCaseAndEmptyOnesAreSkipped() {
    DeliveryHeaders headers = new DeliveryHeaders(Map.of("Webhook-ID", List.of("msg_1", "msg_2"),
        "webhook-signature", List.of()));
    assertThat(headers.header("webhook-id")).isEqualTo(Optional.of("msg_1"));
    assertThat(headers.header("WEBHOOK-ID")).isEqualTo(Optional.of("msg_1"));
    assertThat(headers.header("webhook-signature")).isEmpty();
    assertThat(headers.header("webhook-timestamp")).isEmpty();
  }
}
