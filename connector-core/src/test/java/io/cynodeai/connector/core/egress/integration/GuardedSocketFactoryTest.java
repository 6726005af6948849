package io.cynodeai.connector.core.egress.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.cynodeai.connector.core.egress.EgressDeniedException;
import io.cynodeai.connector.core.egress.EgressGuard;
import io.cynodeai.connector.core.egress.EgressPolicy;
import io.cynodeai.connector.core.egress.TestResolver;
import io.cynodeai.connector.spi.NetworkAccess;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The guard's socket factory against a real listening socket on 127.0.0.1. */
@Tag("REQ-EGRESS-002")
class GuardedSocketFactoryTest {

  @Test
  void anAllowedNameConnectsToTheAddressTheGuardResolved() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      TestResolver dns = new TestResolver().answer("mail.test", "127.0.0.1");
      NetworkAccess guard = EgressGuard.of(EgressPolicy.builder().allow("tcp://mail.test:" + listener.getLocalPort())
          .allowAddressRange("127.0.0.1/32").build(), dns, d -> {});

      try (Socket socket = guard.socketFactory().createSocket("mail.test", listener.getLocalPort())) {
        assertThat(socket.getInetAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(dns.asked).containsExactly("mail.test");
      }
    }
  }

  @Test
  void anUnconnectedSocketChecksOnConnect() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      NetworkAccess guard = EgressGuard.of(EgressPolicy.builder().allow("tcp://mail.test:" + listener.getLocalPort())
          .build(), new TestResolver().answer("mail.test", "127.0.0.1"), d -> {});

      Socket socket = guard.socketFactory().createSocket();
      Throwable thrown = catchThrowable(() -> socket.connect(
          InetSocketAddress.createUnresolved("mail.test", listener.getLocalPort()), 1000));

      assertThat(thrown).isInstanceOf(EgressDeniedException.class)
          .hasMessage("egress denied: mail.test resolves to 127.0.0.1, which is a loopback address, and no"
              + " allowed address range covers it");
      assertThat(socket.isConnected()).isFalse();
      socket.close();
    }
  }
}
