package io.cynodeai.connector.reference.imap.integration;

import static io.cynodeai.connector.reference.imap.integration.GreenMailServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.instance.InstanceStatus;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.core.egress.EgressPolicy;
import io.cynodeai.connector.reference.imap.ImapConnectorProvider;
import io.cynodeai.connector.testkit.TestHost;
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
    try (GreenMailServer mail = GreenMailServer.start();
        TestHost h = mail.host(new ImapConnectorProvider(), "ops-mail").secret("password", "wrong").tryStart()) {
      LifecycleOutcome enabled = h.startOutcome();

      assertThat(((LifecycleOutcome.Applied) enabled).instance().status()).isEqualTo(InstanceStatus.CREDENTIAL_EXPIRED);
    }
  }

  @Test
  void aLoginRejectedDuringACallIsPermanentAndExpiresTheCredentials() throws Exception {
    try (GreenMailServer mail = GreenMailServer.start();
        TestHost h = mail.host(new ImapConnectorProvider(), "ops-mail").start()) {
      h.secret("password", "rotated-elsewhere");

      Failed failed = (Failed) h.invoke("readInbox", json("{}"));

      assertThat(failed.failureClass()).isEqualTo(FailureClass.PERMANENT);
      assertThat(failed.code()).isEqualTo("credentials_rejected");
      assertThat(failed.message()).doesNotContain(GreenMailServer.USER).doesNotContain("rotated-elsewhere");
      assertThat(h.instance().status()).isEqualTo(InstanceStatus.CREDENTIAL_EXPIRED);
    }
  }

  @Test
  void aServerThatIsDownIsATransientNetworkError() throws Exception {
    try (GreenMailServer mail = GreenMailServer.start();
        TestHost h = mail.host(new ImapConnectorProvider(), "ops-mail").start()) {
      mail.close();

      Failed failed = (Failed) h.invoke("readInbox", json("{}"));

      assertThat(failed.failureClass()).isEqualTo(FailureClass.TRANSIENT);
      assertThat(failed.code()).isEqualTo("network_error");
      assertThat(failed.message()).isEqualTo("the IMAP connection failed (connection refused)");
    }
  }

  @Test
  void aServerThatNeverAnswersTimesOutWithinTheOperationsCap() throws Exception {
    List<Socket> accepted = new ArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        GreenMailServer mail = GreenMailServer.start();
        TestHost h = mail.host(GreenMailServer.unchecked(new ImapConnectorProvider(Duration.ofMillis(600), Set.of())),
            "slow").config(json("{\"host\":\"127.0.0.1\",\"port\":" + silent.getLocalPort() + ",\"tls\":false}"))
            .start()) {
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

      long start = System.nanoTime();
      Failed failed = (Failed) h.invoke("readInbox", json("{}"));
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
    try (GreenMailServer mail = GreenMailServer.start();
        TestHost h = mail.host(GreenMailServer.unchecked(new ImapConnectorProvider()), "tls")
            .config(json("{\"host\":\"127.0.0.1\",\"port\":" + imaps.getImaps().getPort() + ",\"tls\":true}"))
            .start()) {
      imaps.setUser("ops@example.com", GreenMailServer.USER, GreenMailServer.PASSWORD);

      Failed failed = (Failed) h.invoke("readInbox", json("{}"));

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
    try (GreenMailServer mail = GreenMailServer.start();
        TestHost h = mail.host(GreenMailServer.unchecked(new ImapConnectorProvider()), "elsewhere")
            .egress(EgressPolicy.builder().allow("tcp://imap.example.com:993").build()).start()) {
      Failed failed = (Failed) h.invoke("readInbox", json("{}"));

      assertThat(failed.failureClass()).isEqualTo(FailureClass.POLICY_DENIED);
      assertThat(failed.code()).isEqualTo("egress_denied");
    }
  }
}
