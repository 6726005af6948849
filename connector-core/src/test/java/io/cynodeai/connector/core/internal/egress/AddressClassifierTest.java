package io.cynodeai.connector.core.internal.egress;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The address classifier against every entry of IANA's IPv4 and IPv6 Special-Purpose Address Registries: one
 * row per registry entry, each an address inside the entry's block and the kind the guard names when it
 * refuses it. Every entry is refused, the globally reachable ones included.
 */
@Tag("REQ-EGRESS-002")
class AddressClassifierTest {

  @ParameterizedTest(name = "{0} {1}: {2} is refused as {3}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      IPv4 | 0.0.0.0/8                         | 0.1.2.3                       | 'this network'
      IPv4 | 0.0.0.0/32                        | 0.0.0.0                       | unspecified
      IPv4 | 10.0.0.0/8                        | 10.0.0.1                      | private
      IPv4 | 100.64.0.0/10                     | 100.127.255.254               | carrier-grade NAT
      IPv4 | 127.0.0.0/8                       | 127.1.2.3                     | loopback
      IPv4 | 169.254.0.0/16                    | 169.254.10.20                 | link-local
      IPv4 | 172.16.0.0/12                     | 172.31.255.1                  | private
      IPv4 | 192.0.0.0/24                      | 192.0.0.100                   | IETF protocol assignment
      IPv4 | 192.0.0.0/29                      | 192.0.0.7                     | IPv4 service continuity (DS-Lite)
      IPv4 | 192.0.0.8/32                      | 192.0.0.8                     | IPv4 dummy
      IPv4 | 192.0.0.9/32                      | 192.0.0.9                     | port control protocol anycast
      IPv4 | 192.0.0.10/32                     | 192.0.0.10                    | TURN anycast
      IPv4 | 192.0.0.170/32, 192.0.0.171/32    | 192.0.0.171                   | NAT64/DNS64 discovery
      IPv4 | 192.0.2.0/24                      | 192.0.2.1                     | documentation
      IPv4 | 192.31.196.0/24                   | 192.31.196.1                  | AS112
      IPv4 | 192.52.193.0/24                   | 192.52.193.1                  | AMT relay
      IPv4 | 192.88.99.0/24                    | 192.88.99.1                   | 6to4 relay anycast
      IPv4 | 192.168.0.0/16                    | 192.168.1.1                   | private
      IPv4 | 192.175.48.0/24                   | 192.175.48.1                  | AS112
      IPv4 | 198.18.0.0/15                     | 198.19.255.255                | benchmarking
      IPv4 | 198.51.100.0/24                   | 198.51.100.7                  | documentation
      IPv4 | 203.0.113.0/24                    | 203.0.113.7                   | documentation
      IPv4 | 240.0.0.0/4                       | 250.1.2.3                     | reserved
      IPv4 | 255.255.255.255/32                | 255.255.255.255               | limited broadcast
      IPv6 | ::1/128                           | ::1                           | loopback
      IPv6 | ::/128                            | ::                            | unspecified
      IPv6 | ::ffff:0:0/96                     | mapped 8.8.8.8                | IPv4-mapped
      IPv6 | 64:ff9b::/96                      | 64:ff9b::a00:1                | NAT64
      IPv6 | 64:ff9b:1::/48                    | 64:ff9b:1:ffff::1             | NAT64
      IPv6 | 100::/64                          | 100::ffff:1                   | discard-only
      IPv6 | 100:0:0:1::/64                    | 100:0:0:1::1                  | IPv6 dummy
      IPv6 | 2001::/23                         | 2001:1ff::1                   | IETF protocol assignment
      IPv6 | 2001::/32                         | 2001:0:4136:e378::1           | Teredo
      IPv6 | 2001:1::1/128                     | 2001:1::1                     | port control protocol anycast
      IPv6 | 2001:1::2/128                     | 2001:1::2                     | TURN anycast
      IPv6 | 2001:1::3/128                     | 2001:1::3                     | DNS-SD service registration anycast
      IPv6 | 2001:2::/48                       | 2001:2:0:ffff::1              | benchmarking
      IPv6 | 2001:3::/32                       | 2001:3:ffff::1                | AMT relay
      IPv6 | 2001:4:112::/48                   | 2001:4:112:1::1               | AS112
      IPv6 | 2001:10::/28                      | 2001:1f::1                    | ORCHID
      IPv6 | 2001:20::/28                      | 2001:2f::1                    | ORCHID
      IPv6 | 2001:30::/28                      | 2001:3f::1                    | drone remote ID
      IPv6 | 2001:db8::/32                     | 2001:db8:85a3::8a2e:370:7334  | documentation
      IPv6 | 2002::/16                         | 2002:c000:201::1              | 6to4
      IPv6 | 2620:4f:8000::/48                 | 2620:4f:8000::1               | AS112
      IPv6 | 3fff::/20                         | 3fff:fff::1                   | documentation
      IPv6 | 5f00::/16                         | 5f00:1::1                     | segment routing (SRv6) SID
      IPv6 | fc00::/7                          | fd12:3456::1                  | unique local (private)
      IPv6 | fe80::/10                         | fe80::1                       | link-local
      """)
  void everyEntryOfTheIanaSpecialPurposeRegistriesIsRefused(String registry, String block, String sample,
      String kind) {
    assertThat(AddressClassifier.specialKind(address(sample))).contains(kind);
  }

  @Test
  void theIpv4TranslatedRangeIsRefusedSoItCannotCarryAPrivateIpv4Destination() {
    assertThat(AddressClassifier.specialKind(address("::ffff:0:a00:1"))).contains("IPv4-translated");
    assertThat(AddressClassifier.specialKind(address("::ffff:0:808:808"))).contains("IPv4-translated");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      224.0.0.1         | multicast
      ff02::1           | multicast
      fec0::1           | site-local
      ::7f00:1          | IPv4-compatible
      169.254.169.254   | cloud metadata
      100.100.100.200   | cloud metadata
      fd00:ec2::254     | cloud metadata
      """)
  void multicastDeprecatedRangesAndCloudMetadataAreRefusedToo(String sample, String kind) {
    assertThat(AddressClassifier.specialKind(address(sample))).contains(kind);
  }

  @ParameterizedTest
  @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "100.128.0.1", "172.32.0.1", "192.0.1.1", "198.20.0.1",
      "223.255.255.254", "2606:4700:4700::1111", "2a00:1450:4001::1", "2001:200::1", "2620:4f:8001::1"})
  void publicUnicastAddressesJustOutsideTheBlocksAreNotSpecial(String sample) {
    assertThat(AddressClassifier.specialKind(address(sample))).isEmpty();
  }

  private static InetAddress address(String sample) {
    try {
      if (sample.startsWith("mapped ")) { // the JDK collapses a mapped literal to IPv4: build the IPv6 form
        byte[] v4 = InetAddress.getByName(sample.substring(7)).getAddress();
        byte[] v6 = new byte[16];
        v6[10] = (byte) 0xff;
        v6[11] = (byte) 0xff;
        System.arraycopy(v4, 0, v6, 12, 4);
        return Inet6Address.getByAddress(null, v6, -1);
      }
      return InetAddress.getByName(sample); // literals only: no lookup
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(sample, e);
    }
  }
}
