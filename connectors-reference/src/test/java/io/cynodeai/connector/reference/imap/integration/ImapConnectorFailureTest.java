package io.cynodeai.connector.reference.imap.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.instance.InstanceStatus;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.reference.imap.ImapConnectorProvider;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** How the {@code imap} connector fails against real peers on 127.0.0.1, each failure classified (§5.1). */
class ImapConnectorFailureTest {

  @Test
  void aRejectedPasswordMakesTheInstanceCredentialExpired() throws Exception {
    try (ImapHarness h = ImapHarness.start(new ImapConnectorProvider())) {
      h.secrets.put("imap-password", "wrong".toCharArray());

      LifecycleOutcome enabled = h.deploy("ops-mail", h.config(""));

      assertThat(((LifecycleOutcome.Applied) enabled).instance().status()).isEqualTo(InstanceStatus.CREDENTIAL_EXPIRED);
    }
  }

  @Test
  void aLoginRejectedDuringACallIsPermanentAndExpiresTheCredentials() throws Exception {
    try (ImapHarness h = ImapHarness.start(new ImapConnectorProvider())) {
      h.deploy("ops-mail", h.config(""));
      h.secrets.put("imap-password", "rotated-elsewhere".toCharArray());

      Failed failed = (Failed) h.invoke("ops-mail", "readInbox", "{}");

      assertThat(failed.failureClass()).isEqualTo(FailureClass.PERMANENT);
      assertThat(failed.code()).isEqualTo("credentials_rejected");
      assertThat(failed.message()).doesNotContain(ImapHarness.USER).doesNotContain("rotated-elsewhere");
      assertThat(h.engine.instances().get("ops-mail", ImapHarness.CALLER).orElseThrow().status())
          .isEqualTo(InstanceStatus.CREDENTIAL_EXPIRED);
    }
  }

  @Test
  void aServerThatIsDownIsATransientNetworkError() throws Exception {
    try (ImapHarness h = ImapHarness.start(new ImapConnectorProvider())) {
      h.deploy("ops-mail", h.config(""));
      h.mail.stop();

      Failed failed = (Failed) h.invoke("ops-mail", "readInbox", "{}");

      assertThat(failed.failureClass()).isEqualTo(FailureClass.TRANSIENT);
      assertThat(failed.code()).isEqualTo("network_error");
      assertThat(failed.message()).isEqualTo("the IMAP connection failed (connection refused)");
    }
  }

  @Test
  void aServerThatNeverAnswersTimesOutWithinTheOperationsCap() throws Exception {
    List<Socket> accepted = new ArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        ImapHarness h = ImapHarness.startUnchecked(new ImapConnectorProvider(Duration.ofMillis(600), Set.of()),
            b -> {})) {
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            accepted.add(silent.accept());
          }
        } catch (Exception closed) {
          // the test is over
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      h.deploy("slow", ImapHarness.json("{\"host\":\"127.0.0.1\",\"port\":" + silent.getLocalPort()
          + ",\"tls\":false}"));

      long start = System.nanoTime();
      Failed failed = (Failed) h.invoke("slow", "readInbox", "{}");
      Duration waited = Duration.ofNanos(System.nanoTime() - start);

      assertThat(failed.failureClass()).isEqualTo(FailureClass.TRANSIENT);
      assertThat(failed.code()).isEqualTo("timeout");
      assertThat(waited).isLessThan(Duration.ofMillis(600 + 1000));
      assertThat(accepted).isNotEmpty();
    } finally {
      for (Socket s : accepted) {
        s.close();
      }
    }
  }

  @Test
  void tlsToAServerWithAnUntrustedCertificateIsRefusedPermanently() throws Exception {
    GreenMail imaps = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAPS).dynamicPort());
    imaps.start();
    try (ImapHarness h = ImapHarness.startUnchecked(new ImapConnectorProvider(), b -> {})) {
      imaps.setUser("ops@example.com", ImapHarness.USER, ImapHarness.PASSWORD);
      h.deploy("tls", ImapHarness.json("{\"host\":\"127.0.0.1\",\"port\":" + imaps.getImaps().getPort()
          + ",\"tls\":true}"));

      Failed failed = (Failed) h.invoke("tls", "readInbox", "{}");

      // GreenMail's certificate is self-signed: not in the JVM's trust store, and nothing lets it through.
      assertThat(failed.failureClass()).isEqualTo(FailureClass.PERMANENT);
      assertThat(failed.code()).isEqualTo("tls_failed");
    } finally {
      imaps.stop();
    }
  }

  @Test
  @Tag("REQ-EGRESS-001")
  void aServerOutsideTheAllowlistIsNeverContacted() throws Exception {
    try (ImapHarness h = ImapHarness.startUnchecked(new ImapConnectorProvider(), b -> b.egress(instance ->
        io.cynodeai.connector.core.egress.EgressPolicy.builder().allow("tcp://imap.example.com:993").build()))) {
      h.deploy("elsewhere", h.config(""));

      Failed failed = (Failed) h.invoke("elsewhere", "readInbox", "{}");

      assertThat(failed.failureClass()).isEqualTo(FailureClass.POLICY_DENIED);
      assertThat(failed.code()).isEqualTo("egress_denied");
    }
  }
}
