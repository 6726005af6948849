package io.cynodeai.connector.core.internal.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.cynodeai.connector.api.webhook.SecretOutcome;
import io.cynodeai.connector.core.credentials.LocalKeyManagementService;
import io.cynodeai.connector.core.store.InMemoryWebhookStore;
import io.cynodeai.connector.spi.webhook.SignatureScheme;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The cache of opened webhook secrets: a delivery does not open the sealed secret again, and a rotation, the
 * end of a grace period, a revocation (rotation without grace) and an uninstall take effect at once, the
 * dropped versions' bytes zeroed.
 */
class OpenedSecretCacheTest {
  private static final SignatureScheme SCHEME = SignatureScheme.hmacSha256("X-Sig", "sha256=", "X-Ts", "v0:", ":");
  private static final byte[] BODY = "{\"id\":\"e-1\"}".getBytes(StandardCharsets.UTF_8);

  /** A clock the test moves. */
  private static final class MovingClock extends Clock {
    private volatile Instant now = Instant.parse("2026-12-05T09:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final MovingClock clock = new MovingClock();
  private final InMemoryWebhookStore store = new InMemoryWebhookStore(clock);
  private final WebhookSecrets secrets = new WebhookSecrets(new LocalKeyManagementService("k"), store, clock);

  private char[] first() throws Exception {
    secrets.ensure("inst", "events", SCHEME);
    return ((SecretOutcome.Issued) secrets.reveal("inst", "events", SCHEME)).secret();
  }

  private boolean verifies(char[] secret) throws Exception {
    String ts = Long.toString(clock.instant().getEpochSecond());
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(new String(secret).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    mac.update(("v0:" + ts + ":").getBytes(StandardCharsets.UTF_8));
    String signature = "sha256=" + HexFormat.of().formatHex(mac.doFinal(BODY));
    DeliveryHeaders request = new DeliveryHeaders(Map.of("X-Sig", List.of(signature), "X-Ts", List.of(ts)));
    return SignatureVerifier.verify(SCHEME, request, BODY, secrets.accepted("inst", "events"),
        JsonNodeFactory.instance.objectNode(), clock.instant(), Duration.ofMinutes(5))
        == SignatureVerifier.Verdict.VERIFIED;
  }

  private static boolean wiped(OpenedSecret secret) {
    for (byte b : secret.utf8()) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  @Test
  void anOpenedSecretIsReusedAndHidesItsBytes() throws Exception {
    char[] secret = first();
    OpenedSecret opened = secrets.accepted("inst", "events").get(0);

    assertThat(secrets.accepted("inst", "events")).singleElement().isSameAs(opened);
    assertThat(verifies(secret)).isTrue();
    assertThat(verifies("not-the-secret".toCharArray())).isFalse();
    assertThat(opened.toString()).doesNotContain(new String(secret)).contains("redacted");
    assertThat(secrets.openedCount()).isEqualTo(1);
  }

  @Test
  void afterARotationTheOldSecretVerifiesUntilItsGraceEndsOnly() throws Exception {
    char[] old = first();
    OpenedSecret before = secrets.accepted("inst", "events").get(0);
    char[] next = ((SecretOutcome.Issued) secrets.rotate("inst", "events", Duration.ofMinutes(5), SCHEME)).secret();

    assertThat(wiped(before)).as("a rotation drops the opened versions").isTrue();
    assertThat(verifies(old)).isTrue();
    assertThat(verifies(next)).isTrue();
    OpenedSecret oldOpened = secrets.accepted("inst", "events").get(1);

    clock.now = clock.now.plus(Duration.ofMinutes(5));
    assertThat(verifies(old)).as("the grace has ended").isFalse();
    assertThat(verifies(next)).isTrue();
    assertThat(wiped(oldOpened)).as("the retired version left the cache").isTrue();
    assertThat(secrets.openedCount()).isEqualTo(1);
  }

  @Test
  void aRevokedSecretStopsVerifyingAtOnce() throws Exception {
    char[] old = first();
    assertThat(verifies(old)).isTrue();
    OpenedSecret opened = secrets.accepted("inst", "events").get(0);
    char[] next = ((SecretOutcome.Issued) secrets.rotate("inst", "events", Duration.ZERO, SCHEME)).secret();

    assertThat(verifies(old)).isFalse();
    assertThat(wiped(opened)).isTrue();
    assertThat(verifies(next)).isTrue();
  }

  @Test
  void anImportedSecretReplacesTheOpenedOne() throws Exception {
    char[] old = first();
    assertThat(verifies(old)).isTrue();
    char[] provider = "provider-issued-secret-0123456789".toCharArray();
    secrets.importSecret("inst", "events", provider.clone(), Duration.ZERO);

    assertThat(verifies(old)).isFalse();
    assertThat(verifies(provider)).isTrue();
  }

  @Test
  void anUninstallDropsEveryOpenedSecretOfTheInstance() throws Exception {
    char[] secret = first();
    assertThat(verifies(secret)).isTrue();
    OpenedSecret opened = secrets.accepted("inst", "events").get(0);

    store.deleteAll("inst");
    secrets.forget("inst");

    assertThat(secrets.openedCount()).isZero();
    assertThat(wiped(opened)).isTrue();
    assertThat(secrets.accepted("inst", "events")).isEmpty();
    assertThat(verifies(secret)).isFalse();
  }

  @Test
  void timestampsAreOneToTwelveAsciiDigits() {
    assertThat(SignatureVerifier.seconds("1700000000")).isEqualTo(1_700_000_000L);
    assertThat(SignatureVerifier.seconds("999999999999")).isEqualTo(999_999_999_999L);
    assertThat(SignatureVerifier.seconds("")).isEqualTo(-1);
    assertThat(SignatureVerifier.seconds("1000000000000")).isEqualTo(-1);
    assertThat(SignatureVerifier.seconds("-1")).isEqualTo(-1);
    assertThat(SignatureVerifier.seconds("12a")).isEqualTo(-1);
    assertThat(SignatureVerifier.seconds("١٢٣")).as("non-ASCII digits").isEqualTo(-1);
  }
}
