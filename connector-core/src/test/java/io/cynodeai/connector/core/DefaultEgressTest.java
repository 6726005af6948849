package io.cynodeai.connector.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.core.egress.EgressPolicy;
import io.cynodeai.connector.core.egress.TestResolver;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.NetworkAccess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import javax.net.SocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The engine's default egress: with no {@code egress(...)} every connection goes through the guard with
 * {@link EgressPolicy#publicOnly()}, so special-purpose destinations are refused before anything is
 * connected, and opening egress is logged. The refused names resolve (through a stub resolver) to addresses
 * this test must never send traffic to: the guard decides on the resolved address.
 */
@Tag("REQ-EGRESS-001")
@Tag("REQ-EGRESS-002")
class DefaultEgressTest {
  private static final ConnectorType FETCHER = TestTypes.type("fetcher", TestTypes.echo((ctx, input) -> {
    URI target = URI.create(input.path("text").asText());
    if (target.getScheme().equals("tcp")) {
      try (Socket socket = ctx.network().socketFactory().createSocket(target.getHost(), target.getPort())) {
        return HandlerResult.of(input);
      }
    }
    ctx.network().httpClient().send(HttpRequest.newBuilder(target).build(), HttpResponse.BodyHandlers.discarding());
    return HandlerResult.of(input);
  })).build();

  private final TestResolver resolver = new TestResolver()
      .answer("metadata.test", "169.254.169.254")
      .answer("intranet.test", "10.0.0.1")
      .answer("mapped.test", "::ffff:0:a00:1");
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  private final PrintStream originalErr = System.err;

  @BeforeEach
  void captureLogs() {
    System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreLogs() {
    System.setErr(originalErr);
  }

  private EngineHarness engine(Consumer<EngineBuilder> settings) {
    return new EngineHarness(FETCHER, b -> settings.accept(b.hostResolver(resolver)));
  }

  private static void assertRefused(Outcome outcome, String message) {
    assertThat(outcome).isInstanceOf(Failed.class);
    Failed failed = (Failed) outcome;
    assertThat(failed.failureClass()).isEqualTo(FailureClass.POLICY_DENIED);
    assertThat(failed.code()).isEqualTo("egress_denied");
    assertThat(failed.message()).isEqualTo("egress denied: " + message);
  }

  private String logged() {
    return stderr.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aDefaultEngineRefusesTheCloudMetadataAddressBeforeConnecting() {
    try (EngineHarness h = engine(b -> {})) {
      assertRefused(h.invoke("echo", "{\"text\":\"http://metadata.test/latest/meta-data/\"}"),
          "metadata.test resolves to 169.254.169.254, which is a cloud metadata address, and no allowed address"
              + " range covers it");
      AuditEvent egress = h.audit.events(e -> e.type() == AuditEventType.EGRESS).get(0);
      assertThat(egress.errorCode()).isEqualTo("address_forbidden");
      assertThat(resolver.asked).containsExactly("metadata.test");
    }
  }

  @Test
  void aDefaultEngineRefusesAPrivateAddressBeforeConnecting() {
    try (EngineHarness h = engine(b -> {})) {
      assertRefused(h.invoke("echo", "{\"text\":\"https://intranet.test/admin\"}"),
          "intranet.test resolves to 10.0.0.1, which is a private address, and no allowed address range covers it");
    }
  }

  @Test
  void aDefaultEngineRefusesIpv6LoopbackBeforeConnecting() {
    try (EngineHarness h = engine(b -> {})) {
      assertRefused(h.invoke("echo", "{\"text\":\"http://[::1]:9/\"}"),
          "[0:0:0:0:0:0:0:1] is a loopback address, and no allowed address range covers it");
    }
  }

  @Test
  void aDefaultEngineRefusesIpv4LoopbackBeforeConnecting() {
    try (EngineHarness h = engine(b -> {})) {
      assertRefused(h.invoke("echo", "{\"text\":\"http://127.0.0.1:9/\"}"),
          "127.0.0.1 is a loopback address, and no allowed address range covers it");
    }
  }

  @Test
  void aDefaultEngineRefusesAnIpv4TranslatedAddress() {
    try (EngineHarness h = engine(b -> {})) {
      assertRefused(h.invoke("echo", "{\"text\":\"http://mapped.test/\"}"),
          "mapped.test resolves to 0:0:0:0:ffff:0:a00:1, which is a IPv4-translated address, and no allowed"
              + " address range covers it");
    }
  }

  @Test
  void aDefaultEngineGuardsSocketsToo() {
    try (EngineHarness h = engine(b -> {})) {
      assertRefused(h.invoke("echo", "{\"text\":\"tcp://intranet.test:25\"}"),
          "intranet.test resolves to 10.0.0.1, which is a private address, and no allowed address range covers it");
    }
  }

  @Test
  void aDefaultEngineLogsNoOpening() {
    try (EngineHarness h = engine(b -> {})) {
      h.invoke("echo", "{\"text\":\"http://metadata.test/\"}");
    }
    assertThat(logged()).doesNotContain("egress opened");
  }

  @Test
  void anUnrestrictedPolicyIsLoggedOnceAtBuild() {
    try (EngineHarness h = engine(b -> b.egress(EgressPolicy.unrestricted()))) {
      assertThat(logged()).containsOnlyOnce("WARN").containsOnlyOnce("egress opened by EngineBuilder.egress(policy):"
          + " unrestricted: every address is allowed, loopback, private networks and cloud metadata included");
      h.invoke("echo", "{\"text\":\"ftp://metadata.test/\"}");
    }
    assertThat(logged()).containsOnlyOnce("egress opened");
  }

  @Test
  void aPolicyOpeningAddressRangesPerInstanceIsLoggedOnceNamingTheRanges() {
    try (EngineHarness h = engine(b -> b.egress(instance -> EgressPolicy.builder()
        .allow("http://127.0.0.1:9").allowAddressRange("127.0.0.1/32").build()))) {
      h.invoke("echo", "{\"text\":\"http://intranet.test/\"}");
      h.invoke("echo", "{\"text\":\"http://intranet.test/\"}");
    }
    assertThat(logged()).containsOnlyOnce("egress opened").contains("WARN")
        .contains("egress opened by EngineBuilder.egress(...) for instance inst-1 and any other instance given the"
            + " same address ranges: special-purpose addresses allowed in [127.0.0.1/32]");
  }

  @Test
  void anAllowlistThatOpensNoAddressRangeIsNotLogged() {
    try (EngineHarness h = engine(b -> b.egress(EgressPolicy.builder().allow("https://api.example.com:443")
        .build()))) {
      h.invoke("echo", "{\"text\":\"https://intranet.test/\"}");
    }
    assertThat(logged()).doesNotContain("egress opened");
  }

  @Test
  void hostSuppliedNetworkAccessIsLoggedAtBuildAsOpeningEgress() {
    NetworkAccess own = new NetworkAccess() {
      @Override
      public HttpClient httpClient() {
        return HttpClient.newHttpClient();
      }

      @Override
      public SocketFactory socketFactory() {
        return SocketFactory.getDefault();
      }
    };
    try (EngineHarness h = engine(b -> b.networkAccess(instance -> own))) {
      assertThat(logged()).containsOnlyOnce("egress opened by EngineBuilder.networkAccess(...): the host's network"
          + " access replaces the egress guard, so the engine applies no allowlist, no address checks and no DNS"
          + " pinning");
    }
  }

  @Test
  void egressSetWithNetworkAccessStillGuardsAndDoesNotLogTheReplacement() {
    try (EngineHarness h = engine(b -> b.networkAccess(instance -> {
      throw new AssertionError("replaced by egress");
    }).egress(EgressPolicy.publicOnly()))) {
      assertRefused(h.invoke("echo", "{\"text\":\"http://metadata.test/\"}"),
          "metadata.test resolves to 169.254.169.254, which is a cloud metadata address, and no allowed address"
              + " range covers it");
    }
    assertThat(logged()).doesNotContain("egress opened");
    assertThat(List.of(EgressPolicy.publicOnly().opensSpecialAddresses(),
        EgressPolicy.unrestricted().opensSpecialAddresses(), EgressPolicy.loopbackOnly().opensSpecialAddresses()))
        .containsExactly(false, true, true);
  }
}
