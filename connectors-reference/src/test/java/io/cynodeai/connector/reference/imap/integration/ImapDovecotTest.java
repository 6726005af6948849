package io.cynodeai.connector.reference.imap.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.instance.InstanceStatus;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.core.egress.ClientIdentity;
import io.cynodeai.connector.core.egress.EgressPolicy;
import io.cynodeai.connector.reference.imap.ImapConnectorProvider;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.testkit.TestHost;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TimeZone;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The {@code imap} connector against Dovecot 2.3 on 127.0.0.1 ({@link DovecotServer}): what a production
 * server does that GreenMail does not (response codes, delayed rejections, raw 8-bit headers, its own time
 * zone, its own certificate, STARTTLS, client certificates), and the way back after a fix ({@code check}).
 */
class ImapDovecotTest {
  private static final String ID = "ops-mail";

  @Test
  void aConnectionLimitIsATransientServerLimitNotARejectedPassword() throws Exception {
    try (DovecotServer server = DovecotServer.start(DovecotServer.Settings.defaults().maxUserIpConnections(2));
        TestHost h = host(server).config(config(server, "plain", "")).start()) {
      try (AutoCloseable held = server.holdSessions(2)) {
        Failed failed = (Failed) h.invoke("readInbox", json("{}"));

        assertThat(failed.failureClass()).isEqualTo(FailureClass.TRANSIENT);
        assertThat(failed.code()).isEqualTo("server_limit");
        assertThat(failed.message()).isEqualTo("the IMAP server refused the login: one of its limits was reached, "
            + "such as connections per user ([LIMIT])");
        assertThat(h.instance().status()).isEqualTo(InstanceStatus.ACTIVE);

        ConnectorInstance checked = applied(h.check());
        assertThat(checked.status()).isEqualTo(InstanceStatus.ERROR);
        assertThat(checked.lastError().message()).startsWith("server_limit: ");
      }
      // Dovecot counts a closed session out once its imap process is gone: check until then, bounded.
      ConnectorInstance recovered = checkUntilActive(h, Duration.ofSeconds(15));
      assertThat(recovered.status()).isEqualTo(InstanceStatus.ACTIVE);
      assertThat(recovered.lastError()).isNull();
    }
  }

  @Test
  void aDelayedRejectionUnderAShortCapIsATimeoutAndTheCheckTellsTheWrongPasswordApart() throws Exception {
    // Dovecot answers a wrong password after auth_failure_delay (2 s): longer than this operation cap.
    ImapConnectorProvider provider = new ImapConnectorProvider(Duration.ofMillis(1500), Set.of());
    // The health check's own budget; Dovecot adds its auth penalty (2 s and more) after the failed attempts.
    try (DovecotServer server = DovecotServer.start(DovecotServer.Settings.defaults());
        TestHost h = host(server, provider, ownServer(server).trustStore(server.trustStore()).build())
            .config(config(server, "plain", ""))
            .engine(b -> b.limits(l -> l.withHealthCheckTimeout(Duration.ofSeconds(30)))).start()) {
      h.secret("password", "rotated-elsewhere");

      Failed failed = (Failed) h.invoke("readInbox", json("{}"));

      assertThat(failed.failureClass()).isEqualTo(FailureClass.TRANSIENT);
      assertThat(failed.code()).isEqualTo("timeout");
      assertThat(h.instance().status()).isEqualTo(InstanceStatus.ACTIVE);
      // The health check has the engine's health-check budget, not the operation's cap.
      ConnectorInstance checked = applied(h.check());
      assertThat(checked.status()).isEqualTo(InstanceStatus.CREDENTIAL_EXPIRED);
      assertThat(checked.lastError().message()).isEqualTo(
          "the IMAP server rejected the credentials ([AUTHENTICATIONFAILED])");
    }
  }

  @Tag("REQ-DATA-001")
  @Test
  void afterThePasswordIsFixedACheckMakesTheInstanceActiveAgainAndClearsItsLastError() throws Exception {
    try (DovecotServer server = DovecotServer.start(DovecotServer.Settings.defaults());
        TestHost h = host(server).secret("password", "wrong").config(config(server, "plain", "")).tryStart()) {
      assertThat(applied(h.startOutcome()).status()).isEqualTo(InstanceStatus.CREDENTIAL_EXPIRED);
      assertThat(h.instance().lastError()).isNotNull();

      h.secret("password", DovecotServer.PASSWORD);
      ConnectorInstance checked = applied(h.check());

      assertThat(checked.status()).isEqualTo(InstanceStatus.ACTIVE);
      assertThat(checked.lastError()).isNull();
      assertThat(h.instance().lastError()).isNull();
      assertThat(h.invoke("readInbox", json("{}"))).isInstanceOf(Succeeded.class);
      assertThat(h.audit().events()).anySatisfy(e -> {
        assertThat(e.action()).isEqualTo("check");
        assertThat(e.details()).containsEntry("status_from", "credential_expired").containsEntry("status", "active");
      });
    }
  }

  @Test
  void readGetAndMarkSeenWorkOnDovecotsMaildirAndAMissingMailboxIsMailboxNotFound() throws Exception {
    try (DovecotServer server = DovecotServer.start(DovecotServer.Settings.defaults());
        TestHost h = host(server).config(config(server, "tls", "")).start()) {
      server.deliver(DovecotServer.message("alerts@example.com", "first", "one"),
          Instant.parse("2026-03-10T11:00:00Z"));
      server.deliver(DovecotServer.message("news@elsewhere.org", "second", "two"),
          Instant.parse("2026-03-10T11:01:00Z"));

      JsonNode unseen = data(h.invoke("readInbox", json("{\"unseenOnly\":true}")));
      long newest = unseen.path("messages").path(0).path("uid").asLong();
      JsonNode marked = data(h.invokeWithNewKey("markSeen", json("{\"uids\":[" + newest + "],\"uidValidity\":"
          + unseen.path("uidValidity").asLong() + "}")));
      JsonNode after = data(h.invoke("readInbox", json("{\"unseenOnly\":true}")));
      JsonNode read = data(h.invoke("getMessage", json("{\"uid\":" + newest + "}")));

      assertThat(unseen.path("messages")).extracting(m -> m.path("subject").asText())
          .containsExactly("second", "first");
      assertThat(unseen.path("messages").path(1).path("date").asText()).isEqualTo("2026-03-10T11:00:00Z");
      assertThat(marked.path("seen")).extracting(JsonNode::asLong).containsExactly(newest);
      assertThat(after.path("messages")).extracting(m -> m.path("subject").asText()).containsExactly("first");
      assertThat(read.path("flags")).extracting(JsonNode::asText).containsExactly("\\Seen");
      assertThat(read.path("from").asText()).isEqualTo("news@elsewhere.org");

      try (TestHost other = host(server).instanceId("other-box")
          .config(config(server, "tls", "\"mailbox\":\"Archive\"")).tryStart()) {
        ConnectorInstance missing = applied(other.startOutcome());
        assertThat(missing.status()).isEqualTo(InstanceStatus.ERROR);
        assertThat(missing.lastError().message()).isEqualTo(
            "mailbox_not_found: the configured mailbox does not exist");
      }
    }
  }

  @Test
  void rawUtf8SubjectsReadAsUtf8LikeTheBody() throws Exception {
    try (DovecotServer server = DovecotServer.start(DovecotServer.Settings.defaults());
        TestHost h = host(server).config(config(server, "plain", "")).start()) {
      server.deliver(DovecotServer.message("alerts@example.com", "Größe überschritten", "Größe: 5 GB"),
          Instant.parse("2026-03-10T11:00:00Z"));

      JsonNode listed = data(h.invoke("readInbox", json("{}"))).path("messages").path(0);
      JsonNode read = data(h.invoke("getMessage", json("{\"uid\":" + listed.path("uid").asLong() + "}")));

      assertThat(listed.path("subject").asText()).isEqualTo("Größe überschritten");
      assertThat(listed.path("snippet").asText()).isEqualTo("Größe: 5 GB");
      assertThat(read.path("subject").asText()).isEqualTo("Größe überschritten");
      assertThat(read.path("body").path("text").asText()).isEqualTo("Größe: 5 GB\r\n");
    }
  }

  @Test
  void sinceFindsAMessageReceivedExactlyThenWhenTheServerAndTheJvmAre26HoursApart() throws Exception {
    Instant since = Instant.parse("2026-03-10T11:00:00Z");
    TimeZone jvmZone = TimeZone.getDefault();
    try (DovecotServer server = DovecotServer.start(DovecotServer.Settings.defaults().timeZone("Etc/GMT+12"));
        TestHost h = host(server).config(config(server, "plain", "")).start()) {
      server.deliver(DovecotServer.message("alerts@example.com", "at since", "exactly then"), since);
      server.deliver(DovecotServer.message("alerts@example.com", "before", "a second early"),
          since.minusSeconds(1));
      TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati")); // UTC+14; the server is at UTC-12
      JsonNode messages;
      try {
        messages = data(h.invoke("readInbox", json("{\"since\":\"" + since + "\"}"))).path("messages");
      } finally {
        TimeZone.setDefault(jvmZone);
      }

      assertThat(messages).hasSize(1);
      assertThat(messages.path(0).path("subject").asText()).isEqualTo("at since");
      assertThat(messages.path(0).path("date").asText()).isEqualTo(since.toString());
    }
  }

  @Test
  void theLargestBodyTheSchemaAllowsFitsGetMessagesResponseCap() throws Exception {
    try (DovecotServer server = DovecotServer.start(DovecotServer.Settings.defaults());
        TestHost h = host(server).config(config(server, "plain", "")).start()) {
      // 262,142 characters of three UTF-8 bytes each and the final line break: 262,144, about 768 KiB of JSON.
      String body = "語".repeat(262_142);
      server.deliver(DovecotServer.message("alerts@example.com", "large", body), Instant.now());
      long uid = data(h.invoke("readInbox", json("{\"snippetChars\":0}"))).path("messages").path(0).path("uid")
          .asLong();

      Succeeded read = (Succeeded) h.invoke("getMessage", json("{\"uid\":" + uid + ",\"maxBodyChars\":262144}"));

      assertThat(read.response().warnings()).isEmpty();
      assertThat(read.response().truncated()).isFalse();
      assertThat(read.response().data().path("body").path("text").asText()).isEqualTo(body + "\r\n");
      assertThat(read.response().data().path("body").path("truncated").asBoolean()).isFalse();
    }
  }

  @Tag("REQ-EGRESS-004")
  @Test
  void imapsTrustsTheInstancesTrustStoreAndOnlyThat() throws Exception {
    try (DovecotServer server = DovecotServer.start(DovecotServer.Settings.defaults());
        TestHost h = host(server).config(config(server, "tls", "")).tryStart()) {
      assertThat(h.instance().status()).isEqualTo(InstanceStatus.ACTIVE);
      assertThat(h.invoke("readInbox", json("{}"))).isInstanceOf(Succeeded.class);
    }
    // The same server without its certificate in the instance's trust store: the JVM's does not hold it.
    try (DovecotServer server = DovecotServer.start(DovecotServer.Settings.defaults());
        TestHost h = host(server, new ImapConnectorProvider(), ownServer(server).build())
            .config(config(server, "tls", "")).tryStart()) {
      ConnectorInstance enabled = applied(h.startOutcome());
      assertThat(enabled.status()).isEqualTo(InstanceStatus.ERROR);
      assertThat(enabled.lastError().message()).startsWith("tls_failed: ");
    }
  }

  @Tag("REQ-EGRESS-004")
  @Test
  void starttlsUpgradesThePlainPortWithTheInstancesTrustStoreBeforeTheLogin() throws Exception {
    try (DovecotServer server = DovecotServer.start(DovecotServer.Settings.defaults());
        TestHost both = host(server).instanceId("both").config(config(server, "starttls", "\"tls\":true"))
            .tryStart();
        TestHost h = host(server).config(config(server, "starttls", "")).tryStart()) {
      assertThat(((LifecycleOutcome.Refused) both.startOutcome()).failure().code()).isEqualTo("invalid_config");

      assertThat(applied(h.startOutcome()).status()).isEqualTo(InstanceStatus.ACTIVE);
      server.deliver(DovecotServer.message("alerts@example.com", "over starttls", "hello"), Instant.now());

      JsonNode messages = data(h.invoke("readInbox", json("{}"))).path("messages");

      assertThat(messages).hasSize(1);
      assertThat(server.log()).contains("user=<" + DovecotServer.USER + ">, method=PLAIN, rip=127.0.0.1")
          .contains("TLS");
    }
  }

  @Tag("REQ-EGRESS-003")
  @Test
  void aServerRequiringAClientCertificateGetsTheInstancesOne() throws Exception {
    try (DovecotServer server = DovecotServer.start(DovecotServer.Settings.defaults().requireClientCertificate());
        TestHost h = host(server, new ImapConnectorProvider(), ownServer(server).trustStore(server.trustStore())
            .clientIdentity(ClientIdentity.of(server.clientIdentity(), DovecotServer.storePassword())).build())
            .config(config(server, "tls", "")).tryStart()) {
      assertThat(applied(h.startOutcome()).status()).isEqualTo(InstanceStatus.ACTIVE);
      assertThat(h.invoke("readInbox", json("{}"))).isInstanceOf(Succeeded.class);
    }
  }

  @Tag("REQ-EGRESS-001")
  @Test
  void anEgressRefusalReadsTheSameInTheHealthCheckAsInACall() throws Exception {
    AtomicBoolean open = new AtomicBoolean(true);
    EgressPolicy otherPortOnly = EgressPolicy.builder().allow("tcp://127.0.0.1:1")
        .allowAddressRange("127.0.0.1/32").build();
    try (DovecotServer server = DovecotServer.start(DovecotServer.Settings.defaults());
        TestHost h = host(server).config(config(server, "plain", ""))
            .egress(i -> open.get() ? ownServer(server).build() : otherPortOnly).start()) {
      open.set(false);

      Failed call = (Failed) h.invoke("readInbox", json("{}"));
      ConnectorInstance checked = applied(h.check());

      assertThat(call.failureClass()).isEqualTo(FailureClass.POLICY_DENIED);
      assertThat(call.code()).isEqualTo("egress_denied");
      assertThat(checked.status()).isEqualTo(InstanceStatus.ERROR);
      assertThat(call.message()).startsWith("egress denied: ");
      assertThat(checked.lastError().message()).isEqualTo(call.message());
    }
  }

  /** Checks the instance until it is active or the deadline passes; the last check's instance. */
  private static ConnectorInstance checkUntilActive(TestHost h, Duration deadline) {
    long end = System.nanoTime() + deadline.toNanos();
    ConnectorInstance last = applied(h.check());
    for (int i = 0; i < 500 && last.status() != InstanceStatus.ACTIVE && System.nanoTime() < end; i++) {
      last = applied(h.check());
    }
    return last;
  }

  /** {@link #host(DovecotServer, ImapConnectorProvider, EgressPolicy)} trusting the server's certificate. */
  private static TestHost.Builder host(DovecotServer server) {
    return host(server, new ImapConnectorProvider(), ownServer(server).trustStore(server.trustStore()).build());
  }

  /**
   * A test host for instance {@value #ID} of {@code provider}'s type on {@code server} with {@code egress}; the
   * user's name and password are its credentials, changed with {@link TestHost#secret}.
   */
  private static TestHost.Builder host(DovecotServer server, ImapConnectorProvider provider, EgressPolicy egress) {
    return TestHost.builder(provider).instanceId(ID).secret("username", DovecotServer.USER)
        .secret("password", DovecotServer.PASSWORD).egress(egress);
  }

  /** The server's two ports on 127.0.0.1. */
  private static EgressPolicy.Builder ownServer(DovecotServer server) {
    return EgressPolicy.builder().allow("tcp://127.0.0.1:" + server.imapPort())
        .allow("tcp://127.0.0.1:" + server.imapsPort()).allowAddressRange("127.0.0.1/32");
  }

  /** A config for the server: IMAPS, STARTTLS on the IMAP port, or plain IMAP; plus any extra members. */
  private static JsonNode config(DovecotServer server, String security, String extraMembers) {
    String connection = switch (security) {
      case "tls" -> "\"port\":" + server.imapsPort() + ",\"tls\":true";
      case "starttls" -> "\"port\":" + server.imapPort() + ",\"starttls\":true";
      case "plain" -> "\"port\":" + server.imapPort() + ",\"tls\":false";
      default -> throw new IllegalArgumentException(security);
    };
    return json("{\"host\":\"127.0.0.1\"," + connection + (extraMembers.isEmpty() ? "" : "," + extraMembers) + "}");
  }

  private static JsonNode json(String text) {
    return JsonResources.parse(text);
  }

  private static ConnectorInstance applied(LifecycleOutcome outcome) {
    assertThat(outcome).isInstanceOf(LifecycleOutcome.Applied.class);
    return ((LifecycleOutcome.Applied) outcome).instance();
  }

  private static JsonNode data(Outcome outcome) {
    assertThat(outcome).isInstanceOf(Succeeded.class);
    return ((Succeeded) outcome).response().data();
  }
}
