package io.cynodeai.connector.core.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.cynodeai.connector.spi.NetworkAccess;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Server-side request forgery attempts against the guarded transports. Every case must be refused by the
 * guard itself (an {@link EgressDeniedException} with the expected reason), before any connection is made;
 * no case ever reaches the network. The open policy allows any host on the usual ports, so what refuses
 * these is host parsing and the address rules, not the allowlist.
 */
@Tag("REQ-EGRESS-001")
@Tag("REQ-EGRESS-002")
class SsrfBatteryTest {
  private static final EgressPolicy OPEN = EgressPolicy.builder()
      .allow("http://*:80").allow("https://*:443").allow("http://*:8080").allow("tcp://*:25").build();
  private static final EgressPolicy STRICT = EgressPolicy.builder().allow("https://api.example.com:443").build();

  private final TestResolver dns = new TestResolver()
      .answer("localhost", "127.0.0.1", "::1")
      .answer("foo.localhost", "127.0.0.1")
      .answer("rebind.test", "127.0.0.1")
      .answer("internal.test", "10.1.2.3")
      .answer("mixed.test", "93.184.216.34", "192.168.0.10")
      .answer("metadata.google.internal", "169.254.169.254")
      .answer("api.example.com", "169.254.169.254")
      .answerMapped("mapped.test", 127, 0, 0, 1);
  private final List<EgressDenial> denials = new CopyOnWriteArrayList<>();

  static Stream<Arguments> httpCases() {
    return Stream.of(
        open("loopback literal", "http://127.0.0.1/", "address_forbidden"),
        open("loopback elsewhere in 127/8", "http://127.1.2.3/", "address_forbidden"),
        open("decimal IPv4", "http://2130706433/", "host_malformed"),
        open("octal IPv4", "http://0177.0.0.1/", "host_malformed"),
        open("hex IPv4 per octet", "http://0x7f.0x0.0x0.0x1/", "host_malformed"),
        open("hex IPv4 whole", "http://0x7f000001/", "host_malformed"),
        open("short IPv4 two parts", "http://127.1/", "host_malformed"),
        open("short IPv4 three parts", "http://127.0.1/", "host_malformed"),
        open("octal with leading zeros", "http://127.000.000.001/", "host_malformed"),
        open("unspecified 0.0.0.0", "http://0.0.0.0/", "address_forbidden"),
        open("unspecified short 0", "http://0/", "host_malformed"),
        open("IPv6 unspecified [::]", "http://[::]/", "address_forbidden"),
        open("IPv6 loopback [::1]", "http://[::1]/", "address_forbidden"),
        open("IPv4-mapped ::ffff:127.0.0.1", "http://[::ffff:127.0.0.1]/", "address_forbidden"),
        open("IPv4-mapped in hex ::ffff:7f00:1", "http://[::ffff:7f00:1]/", "address_forbidden"),
        open("IPv4-compatible ::127.0.0.1", "http://[::127.0.0.1]/", "address_forbidden"),
        open("localhost", "http://localhost/", "address_forbidden"),
        open("LOCALHOST in upper case", "http://LOCALHOST/", "address_forbidden"),
        open("localhost with trailing dot", "http://localhost./", "address_forbidden"),
        open("subdomain of localhost", "http://foo.localhost/", "address_forbidden"),
        open("loopback with trailing dot", "http://127.0.0.1./", "host_malformed"),
        open("userinfo naming an allowed host", "http://api.example.com@127.0.0.1/", "userinfo_present"),
        open("userinfo with password", "http://user:pass@169.254.169.254/", "userinfo_present"),
        open("fragment hiding the real host", "http://127.0.0.1:80#@api.example.com/", "address_forbidden"),
        open("AWS metadata", "http://169.254.169.254/latest/meta-data/", "address_forbidden"),
        open("GCP metadata by name", "http://metadata.google.internal/computeMetadata/v1/", "address_forbidden"),
        open("Alibaba metadata", "http://100.100.100.200/latest/meta-data/", "address_forbidden"),
        open("AWS metadata over IPv6", "http://[fd00:ec2::254]/", "address_forbidden"),
        open("private 10/8", "http://10.0.0.1/", "address_forbidden"),
        open("private 172.16/12", "http://172.16.0.1/", "address_forbidden"),
        open("private 192.168/16", "http://192.168.1.1/", "address_forbidden"),
        open("link-local 169.254/16", "http://169.254.1.1/", "address_forbidden"),
        open("IPv6 link-local", "http://[fe80::1]/", "address_forbidden"),
        open("IPv6 unique local", "http://[fc00::1]/", "address_forbidden"),
        open("multicast", "http://224.0.0.1/", "address_forbidden"),
        open("carrier-grade NAT", "http://100.64.0.1/", "address_forbidden"),
        open("broadcast", "http://255.255.255.255/", "address_forbidden"),
        open("NAT64 of loopback", "http://[64:ff9b::7f00:1]/", "address_forbidden"),
        open("6to4 of loopback", "http://[2002:7f00:1::]/", "address_forbidden"),
        open("name resolving to 127.0.0.1", "http://rebind.test/", "address_forbidden"),
        open("name resolving to a private address", "http://internal.test:8080/", "address_forbidden"),
        open("name with one public and one private address", "http://mixed.test/", "address_forbidden"),
        open("name resolving to an IPv4-mapped address object", "http://mapped.test/", "address_forbidden"),
        open("IDN lookalike of localhost (Cyrillic o)", "http://l\u043ecalhost/", "host_malformed"),
        open("fullwidth localhost", "http://\uff4c\uff4f\uff43\uff41\uff4c\uff48\uff4f\uff53\uff54/", "host_malformed"),
        open("file scheme", "file:///etc/passwd", "scheme_not_allowed"),
        open("gopher scheme", "gopher://127.0.0.1:25/", "scheme_not_allowed"),
        strict("allowed name resolving to cloud metadata", "https://api.example.com/", "address_forbidden"),
        strict("allowed name as a prefix of another domain", "https://api.example.com.evil.test/",
            "host_not_allowed"),
        strict("punycode lookalike of the allowed name", "https://xn--pi-7ka.example.com/", "host_not_allowed"),
        strict("allowed name on another port", "https://api.example.com:8443/", "host_not_allowed"),
        strict("allowed name over plain http", "http://api.example.com/", "host_not_allowed"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("httpCases")
  void httpClientRefusesBeforeConnecting(String name, String uri, String reason, boolean strict) {
    NetworkAccess guard = EgressGuard.of(strict ? STRICT : OPEN, dns, denials::add);
    HttpRequest request = new RawRequest(URI.create(uri)); // the JDK builder would refuse some of these itself

    Throwable thrown = catchThrowable(() -> guard.httpClient().send(request, HttpResponse.BodyHandlers.ofString()));

    assertThat(thrown).isInstanceOf(EgressDeniedException.class);
    assertThat(((EgressDeniedException) thrown).denial().reason()).isEqualTo(reason);
    assertThat(denials).hasSize(1);
    assertThat(thrown.getMessage()).doesNotContain("pass").doesNotContain("meta-data").doesNotContain("passwd");
  }

  static Stream<Arguments> socketCases() {
    return Stream.of(
        Arguments.of("decimal IPv4", "2130706433", "host_malformed"),
        Arguments.of("octal IPv4", "0177.0.0.1", "host_malformed"),
        Arguments.of("hex IPv4", "0x7f.1", "host_malformed"),
        Arguments.of("short IPv4", "127.1", "host_malformed"),
        Arguments.of("bare IPv6 loopback", "::1", "address_forbidden"),
        Arguments.of("bracketed IPv4-mapped", "[::ffff:127.0.0.1]", "address_forbidden"),
        Arguments.of("IPv6 with a zone", "fe80::1%eth0", "host_malformed"),
        Arguments.of("localhost", "localhost", "address_forbidden"),
        Arguments.of("trailing dots", "localhost..", "host_malformed"),
        Arguments.of("name resolving to 127.0.0.1", "rebind.test", "address_forbidden"),
        Arguments.of("space-padded loopback", " 127.0.0.1", "host_malformed"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("socketCases")
  void socketFactoryRefusesBeforeConnecting(String name, String host, String reason) {
    NetworkAccess guard = EgressGuard.of(OPEN, dns, denials::add);

    Throwable thrown = catchThrowable(() -> guard.socketFactory().createSocket(host, 25));

    assertThat(thrown).isInstanceOf(EgressDeniedException.class);
    assertThat(((EgressDeniedException) thrown).denial().reason()).isEqualTo(reason);
  }

  @Test
  void socketFactoryChecksAnAlreadyResolvedAddress() throws Exception {
    NetworkAccess guard = EgressGuard.of(OPEN, dns, denials::add);

    Throwable thrown = catchThrowable(() ->
        guard.socketFactory().createSocket(InetAddress.getByAddress(new byte[] {(byte) 169, (byte) 254,
            (byte) 169, (byte) 254}), 25));

    assertThat(thrown).isInstanceOf(EgressDeniedException.class)
        .hasMessage("egress denied: 169.254.169.254 is a cloud metadata address, and no allowed address range"
            + " covers it");
  }

  @Test
  void withNoRulesNothingIsReachableAndDnsIsNeverAsked() {
    NetworkAccess guard = EgressGuard.of(EgressPolicy.denyAll(), dns, denials::add);

    Throwable thrown = catchThrowable(() -> guard.httpClient().send(
        HttpRequest.newBuilder(URI.create("https://rebind.test/")).build(), HttpResponse.BodyHandlers.ofString()));

    assertThat(thrown).isInstanceOf(EgressDeniedException.class)
        .hasMessage("egress denied: https://rebind.test:443 is not in the instance's egress allowlist");
    assertThat(dns.asked).isEmpty();
  }

  private static Arguments open(String name, String uri, String reason) {
    return Arguments.of(name, uri, reason, false);
  }

  private static Arguments strict(String name, String uri, String reason) {
    return Arguments.of(name, uri, reason, true);
  }
}
