package io.cynodeai.connector.core.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EgressRuleTest {

  @Test
  void anEntryIsParsedIntoSchemeHostPatternAndPort() {
    assertThat(EgressRule.parse("https://*.Example.com:443"))
        .isEqualTo(new EgressRule("https", "*.example.com", 443));
  }

  @Test
  void aWildcardMatchesNamesBelowTheDomainButNotTheDomainItself() {
    EgressRule rule = EgressRule.parse("https://*.example.com:443");

    assertThat(rule.allows("https", "a.example.com", 443)).isTrue();
    assertThat(rule.allows("https", "a.b.example.com", 443)).isTrue();
    assertThat(rule.allows("https", "example.com", 443)).isFalse();
    assertThat(rule.allows("https", "badexample.com", 443)).isFalse();
    assertThat(rule.allows("http", "a.example.com", 443)).isFalse();
    assertThat(rule.allows("https", "a.example.com", 8443)).isFalse();
  }

  @Test
  void anIpv6RuleMatchesAnyWritingOfTheSameAddress() {
    assertThat(EgressRule.parse("https://[2001:db8::1]:443").allows("https", "[2001:db8:0:0:0:0:0:1]", 443))
        .isTrue();
  }

  @Test
  void anEntryWithoutAPortIsRefused() {
    assertThatThrownBy(() -> EgressRule.parse("https://api.example.com"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("malformed egress rule 'https://api.example.com': expected scheme://host-pattern:port,"
            + " for example https://api.example.com:443");
  }

  @Test
  void aWildcardInsideAHostIsRefused() {
    assertThatThrownBy(() -> EgressRule.parse("https://api.*.com:443"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("malformed egress host pattern 'api.*.com': label '*' is not an ASCII host label");
  }

  @Test
  void anUnknownSchemeIsRefused() {
    assertThatThrownBy(() -> EgressRule.parse("ftp://files.example.com:21"))
        .hasMessage("egress rule scheme must be one of " + EgressRule.SCHEMES + ", was 'ftp'");
  }

  @Test
  void anOutOfRangePortIsRefused() {
    assertThatThrownBy(() -> EgressRule.parse("https://api.example.com:70000"))
        .hasMessage("egress rule port must be 1..65535, was 70000");
  }

  @Test
  void aMalformedAddressRangeIsRefused() {
    assertThatThrownBy(() -> AddressRange.of("10.0.0.0")).hasMessageContaining("needs a prefix length");
    assertThatThrownBy(() -> AddressRange.of("10.0.0.0/33")).hasMessageContaining("prefix length outside 0..32");
    assertThatThrownBy(() -> AddressRange.of("010.0.0.0/8")).hasMessageContaining("canonical IP literal");
  }
}
