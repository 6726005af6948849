package io.cynodeai.connector.core.egress.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.cynodeai.connector.core.credentials.CredentialVault;
import io.cynodeai.connector.core.credentials.EncryptedSecretStore;
import io.cynodeai.connector.core.credentials.LocalKeyManagementService;
import io.cynodeai.connector.core.credentials.SecretRef;
import io.cynodeai.connector.core.egress.ClientIdentity;
import io.cynodeai.connector.core.egress.EgressDenial;
import io.cynodeai.connector.core.egress.EgressDeniedException;
import io.cynodeai.connector.core.egress.EgressGuard;
import io.cynodeai.connector.core.egress.EgressPolicy;
import io.cynodeai.connector.core.egress.TestResolver;
import io.cynodeai.connector.spi.NetworkAccess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The guarded HTTP client against real TLS servers on 127.0.0.1 with certificates from a throw-away CA. The
 * server certificates name {@code service.test} only (no IP address), so a successful handshake also proves
 * that the client verified the host name it was asked for, while connecting to the address it pinned.
 */
class GuardedTlsTest {
  private static TestPki pki;
  private static TestServers.Running server;
  private static TestServers.Running mtlsServer;

  private final TestResolver dns = new TestResolver().answer("service.test", "127.0.0.1")
      .answer("other.test", "127.0.0.1");
  private final List<EgressDenial> denials = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startServers() throws Exception {
    pki = new TestPki("Test CA");
    server = TestServers.https(pki.identity("service.test"), null);
    mtlsServer = TestServers.https(pki.identity("service.test"), pki.trustStore());
  }

  @AfterAll
  static void stopServers() {
    server.close();
    mtlsServer.close();
  }

  @Test
  @Tag("REQ-EGRESS-004")
  void aServerWhoseCaIsNotTrustedIsRefused() {
    NetworkAccess guard = guard(policy(server).build());

    Throwable thrown = catchThrowable(() -> get(guard, server, "service.test"));

    assertThat(thrown).isInstanceOf(SSLException.class).isNotInstanceOf(EgressDeniedException.class);
    assertThat(server.hosts()).isEmpty();
  }

  @Test
  @Tag("REQ-EGRESS-004")
  @Tag("REQ-EGRESS-002")
  void aServerWhoseCaIsTrustedAnswersOnThePinnedAddressWithTheRealHostName() throws Exception {
    NetworkAccess guard = guard(policy(server).trustStore(pki.trustStore()).build());

    HttpResponse<String> response = get(guard, server, "service.test");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("hello");
    assertThat(response.sslSession()).isPresent();
    assertThat(server.hosts()).contains("service.test:" + server.port());
    assertThat(dns.asked).containsExactly("service.test");
  }

  @Test
  @Tag("REQ-EGRESS-004")
  void aCertificateForAnotherNameIsRefusedEvenFromATrustedCa() throws Exception {
    NetworkAccess guard = guard(EgressPolicy.builder().allow("https://other.test:" + server.port())
        .allowAddressRange("127.0.0.1/32").trustStore(pki.trustStore()).build());

    Throwable thrown = catchThrowable(() -> get(guard, server, "other.test"));

    assertThat(thrown).isInstanceOf(SSLException.class);
  }

  @Test
  @Tag("REQ-EGRESS-003")
  void mutualTlsSucceedsWithTheConfiguredClientCertificate() throws Exception {
    NetworkAccess guard = guard(policy(mtlsServer).trustStore(pki.trustStore())
        .clientIdentity(ClientIdentity.of(pki.identity("client.test"), TestPki.PASSWORD)).build());

    HttpResponse<String> response = get(guard, mtlsServer, "service.test");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("hello");
  }

  @Test
  @Tag("REQ-EGRESS-003")
  void mutualTlsWorksWithAClientCertificateKeptInTheEncryptedCredentialStore() throws Exception {
    ByteArrayOutputStream p12 = new ByteArrayOutputStream();
    pki.identity("client.test").store(p12, TestPki.PASSWORD);
    EncryptedSecretStore store = new EncryptedSecretStore(new LocalKeyManagementService("kek"));
    store.put("client-p12", Base64.getEncoder().encodeToString(p12.toByteArray()).toCharArray());
    store.put("client-p12-password", TestPki.PASSWORD);
    CredentialVault vault = CredentialVault.of(store);
    NetworkAccess guard = guard(policy(mtlsServer).trustStore(pki.trustStore()).clientIdentity(ClientIdentity
        .fromVault(vault, SecretRef.parse("store:client-p12"), SecretRef.parse("store:client-p12-password")))
        .build());

    HttpResponse<String> response = get(guard, mtlsServer, "service.test");

    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  @Tag("REQ-EGRESS-003")
  void mutualTlsFailsWithoutAClientCertificate() throws Exception {
    NetworkAccess guard = guard(policy(mtlsServer).trustStore(pki.trustStore()).build());

    Throwable thrown = catchThrowable(() -> get(guard, mtlsServer, "service.test"));

    assertThat(thrown).isInstanceOf(IOException.class).isNotInstanceOf(EgressDeniedException.class);
    assertThat(mtlsServer.hosts()).isEmpty();
  }

  @Test
  @Tag("REQ-EGRESS-001")
  void aRedirectToAnInternalAddressIsReturnedUnfollowedAndFollowingItIsDenied() throws Exception {
    try (TestServers.Running redirecting = TestServers.http("http://169.254.169.254/latest/meta-data/")) {
      NetworkAccess guard = guard(EgressPolicy.builder().allow("http://service.test:" + redirecting.port())
          .allow("http://*:80").allowAddressRange("127.0.0.1/32").build());

      HttpResponse<String> first = guard.httpClient().send(HttpRequest.newBuilder(
          URI.create("http://service.test:" + redirecting.port() + "/start")).build(),
          HttpResponse.BodyHandlers.ofString());
      String location = first.headers().firstValue("location").orElseThrow();
      Throwable thrown = catchThrowable(() -> guard.httpClient().send(
          HttpRequest.newBuilder(URI.create(location)).build(), HttpResponse.BodyHandlers.ofString()));

      assertThat(first.statusCode()).isEqualTo(302);
      assertThat(redirecting.hosts()).hasSize(1);
      assertThat(thrown).isInstanceOf(EgressDeniedException.class)
          .hasMessage("egress denied: 169.254.169.254 is a cloud metadata address, and no allowed address range"
              + " covers it");
      assertThat(denials).extracting(EgressDenial::reason).containsExactly("address_forbidden");
    }
  }

  private NetworkAccess guard(EgressPolicy policy) {
    return EgressGuard.of(policy, dns, denials::add);
  }

  private static EgressPolicy.Builder policy(TestServers.Running target) {
    return EgressPolicy.builder().allow("https://service.test:" + target.port()).allowAddressRange("127.0.0.1/32");
  }

  private static HttpResponse<String> get(NetworkAccess guard, TestServers.Running target, String host)
      throws Exception {
    return guard.httpClient().send(HttpRequest.newBuilder(URI.create("https://" + host + ":" + target.port()
        + "/hello")).build(), HttpResponse.BodyHandlers.ofString());
  }
}
