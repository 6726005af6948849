package io.cynodeai.connector.core.internal.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cynodeai.connector.core.egress.EgressDeniedException;
import io.cynodeai.connector.core.egress.EgressPolicy;
import io.cynodeai.connector.core.egress.EgressRule;
import io.cynodeai.connector.core.egress.TestResolver;
import java.net.InetAddress;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the built-in policies let through, decided by the checker alone (nothing is connected): the default
 * {@code publicOnly} takes any public destination on any port; {@code unrestricted} also takes special-purpose
 * addresses; {@code loopbackOnly} takes this machine and nothing else.
 */
@Tag("REQ-EGRESS-002")
class EgressPolicyPresetsTest {
  private final TestResolver resolver = new TestResolver()
      .answer("api.example.com", "93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c")
      .answer("metadata.test", "169.254.169.254")
      .answer("intranet.test", "10.0.0.1")
      .answer("localhost", "127.0.0.1", "::1");

  private EgressChecker checker(EgressPolicy policy) {
    return new EgressChecker(policy, resolver, denial -> {});
  }

  @ParameterizedTest
  @CsvSource({"https, api.example.com, 443", "http, api.example.com, 80", "https, api.example.com, 8443",
      "tcp, api.example.com, 993", "https, 93.184.215.14, 443", "http, [2606:2800:21f:cb07:6820:80da:af6b:8b2c], 80"})
  void theDefaultPolicyReachesAnyPublicDestinationOnAnyPort(String scheme, String host, int port) throws Exception {
    PinnedTarget target = checker(EgressPolicy.publicOnly()).check(scheme, host, port);

    assertThat(target.address()).isIn(InetAddress.getByName("93.184.215.14"),
        InetAddress.getByName("2606:2800:21f:cb07:6820:80da:af6b:8b2c"));
  }

  @ParameterizedTest
  @CsvSource({"http, metadata.test, 80", "https, intranet.test, 443", "tcp, localhost, 25", "http, 127.0.0.1, 8080",
      "http, [::1], 80", "https, 192.168.1.1, 443"})
  void theDefaultPolicyRefusesEverySpecialPurposeDestination(String scheme, String host, int port) {
    assertThatThrownBy(() -> checker(EgressPolicy.publicOnly()).check(scheme, host, port))
        .isInstanceOfSatisfying(EgressDeniedException.class,
            e -> assertThat(e.denial().reason()).isEqualTo("address_forbidden"));
  }

  @Test
  void theDefaultPolicyStillRefusesOtherSchemes() {
    assertThatThrownBy(() -> checker(EgressPolicy.publicOnly()).check("ftp", "api.example.com", 21))
        .isInstanceOfSatisfying(EgressDeniedException.class,
            e -> assertThat(e.denial().reason()).isEqualTo("scheme_not_allowed"));
  }

  @ParameterizedTest
  @CsvSource({"http, metadata.test, 80, 169.254.169.254", "tcp, intranet.test, 25, 10.0.0.1",
      "http, 127.0.0.1, 8080, 127.0.0.1", "https, api.example.com, 443, 93.184.215.14"})
  void anUnrestrictedPolicyReachesSpecialPurposeAddressesToo(String scheme, String host, int port, String address)
      throws Exception {
    assertThat(checker(EgressPolicy.unrestricted()).check(scheme, host, port).address())
        .isEqualTo(InetAddress.getByName(address));
  }

  @ParameterizedTest
  @CsvSource({"http, localhost, 8080", "https, 127.0.0.1, 8443", "tcp, 127.0.0.1, 3143", "http, [::1], 80"})
  void theLoopbackPolicyReachesThisMachineOnAnyPort(String scheme, String host, int port) throws Exception {
    assertThat(checker(EgressPolicy.loopbackOnly()).check(scheme, host, port).address().isLoopbackAddress())
        .isTrue();
  }

  @ParameterizedTest
  @CsvSource({"https, api.example.com, 443, host_not_allowed", "http, 127.0.0.2, 80, host_not_allowed",
      "http, 10.0.0.1, 80, host_not_allowed"})
  void theLoopbackPolicyReachesNothingElse(String scheme, String host, int port, String reason) {
    assertThatThrownBy(() -> checker(EgressPolicy.loopbackOnly()).check(scheme, host, port))
        .isInstanceOfSatisfying(EgressDeniedException.class,
            e -> assertThat(e.denial().reason()).isEqualTo(reason));
  }

  @Test
  void aRuleWithAStarPortAllowsEveryPortAndOnlyThatHost() {
    EgressRule rule = EgressRule.parse("https://*.example.com:*");

    assertThat(rule.port()).isEqualTo(EgressRule.ANY_PORT);
    assertThat(rule.allows("https", "api.example.com", 8443)).isTrue();
    assertThat(rule.allows("https", "api.example.com", 443)).isTrue();
    assertThat(rule.allows("http", "api.example.com", 443)).isFalse();
    assertThat(rule.allows("https", "api.example.org", 443)).isFalse();
    assertThatThrownBy(() -> EgressRule.parse("https://api.example.com:0"))
        .hasMessage("egress rule port must be 1..65535, was 0");
  }
}
