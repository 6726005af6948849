package io.cynodeai.connector.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContextHelpersTest {
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

  private static ConnectorContext context(Instant deadline) {
    return new ConnectorContext() {
      public String instanceId() {
        return "i1";
      }

      public JsonNode config() {
        return JsonResources.parse("{}");
      }

      public Clock clock() {
        return Clock.fixed(NOW, ZoneOffset.UTC);
      }

      public System.Logger logger() {
        return System.getLogger("test");
      }

      public Instant deadline() {
        return deadline;
      }

      public CredentialAccess credentials() {
        return CredentialAccess.none();
      }

      public NetworkAccess network() {
        throw new UnsupportedOperationException();
      }
    };
  }

  @Test
  void timeLeftIsTheCapOrTheTimeBeforeTheDeadlineWhicheverIsShorter() throws Exception {
    ConnectorContext context = context(NOW.plusSeconds(5));
    assertThat(context.timeLeft(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(2));
    assertThat(context.timeLeft(Duration.ofSeconds(9))).isEqualTo(Duration.ofSeconds(5));
    assertThat(context.timeLeft(null)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void timeLeftAfterTheDeadlineIsATimeout() {
    assertThatThrownBy(() -> context(NOW).timeLeft(null)).isInstanceOf(SocketTimeoutException.class)
        .hasMessage("no time left before the deadline");
  }

  @Test
  void requireReturnsTheLeasedSecretOrFailsAsMissingCredentials() {
    CredentialLease lease = new CredentialLease() {
      public Set<String> keys() {
        return Set.of("token");
      }

      public char[] secret(String key) {
        return "s3cr3t".toCharArray();
      }
    };
    CredentialAccess access = () -> Optional.of(lease);
    assertThat(access.require("token")).containsExactly('s', '3', 'c', 'r', '3', 't');
    assertThatThrownBy(() -> access.require("password")).isInstanceOf(ProviderException.class)
        .hasMessage("the instance's credentials have no 'password' secret");
    assertThatThrownBy(() -> CredentialAccess.none().require("token"))
        .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.code()).isEqualTo("credentials_missing"))
        .hasMessage("the instance has no credentials: configure a 'token' secret reference");
  }
}
