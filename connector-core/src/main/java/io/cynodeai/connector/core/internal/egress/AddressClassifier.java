package io.cynodeai.connector.core.internal.egress;

import io.cynodeai.connector.core.egress.AddressRange;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Names the special-purpose block an address belongs to, or nothing for an ordinary public unicast address.
 * The blocks are every entry of IANA's IPv4 and IPv6 Special-Purpose Address Registries (the globally
 * reachable ones too: a connector has no business with anycast relays or AS112 sinks), plus multicast, the
 * deprecated IPv6 ranges (IPv4-compatible, site-local), the IPv4-mapped and IPv4-translated IPv6 ranges that
 * would smuggle an IPv4 destination past the IPv4 rules, and the cloud metadata endpoints. Order matters: the
 * first match names the block, so more specific blocks come first. Thread-safe.
 */
final class AddressClassifier {
  private record Block(AddressRange range, String kind) {}

  private static final List<Block> BLOCKS = List.of(
      block("169.254.169.254/32", "cloud metadata"),
      block("100.100.100.200/32", "cloud metadata"),
      block("fd00:ec2::254/128", "cloud metadata"),
      // IANA IPv4 Special-Purpose Address Registry
      block("0.0.0.0/32", "unspecified"),
      block("0.0.0.0/8", "'this network'"),
      block("10.0.0.0/8", "private"),
      block("100.64.0.0/10", "carrier-grade NAT"),
      block("127.0.0.0/8", "loopback"),
      block("169.254.0.0/16", "link-local"),
      block("172.16.0.0/12", "private"),
      block("192.0.0.0/29", "IPv4 service continuity (DS-Lite)"),
      block("192.0.0.8/32", "IPv4 dummy"),
      block("192.0.0.9/32", "port control protocol anycast"),
      block("192.0.0.10/32", "TURN anycast"),
      block("192.0.0.170/31", "NAT64/DNS64 discovery"),
      block("192.0.0.0/24", "IETF protocol assignment"),
      block("192.0.2.0/24", "documentation"),
      block("192.31.196.0/24", "AS112"),
      block("192.52.193.0/24", "AMT relay"),
      block("192.88.99.0/24", "6to4 relay anycast"),
      block("192.168.0.0/16", "private"),
      block("192.175.48.0/24", "AS112"),
      block("198.18.0.0/15", "benchmarking"),
      block("198.51.100.0/24", "documentation"),
      block("203.0.113.0/24", "documentation"),
      block("255.255.255.255/32", "limited broadcast"),
      block("240.0.0.0/4", "reserved"),
      block("224.0.0.0/4", "multicast"),
      // IANA IPv6 Special-Purpose Address Registry (::ffff:0:0/96, IPv4-mapped, is checked before the blocks)
      block("::/128", "unspecified"),
      block("::1/128", "loopback"),
      block("::ffff:0:0:0/96", "IPv4-translated"),
      block("::/96", "IPv4-compatible"),
      block("64:ff9b::/96", "NAT64"),
      block("64:ff9b:1::/48", "NAT64"),
      block("100::/64", "discard-only"),
      block("100:0:0:1::/64", "IPv6 dummy"),
      block("2001::/32", "Teredo"),
      block("2001:1::1/128", "port control protocol anycast"),
      block("2001:1::2/128", "TURN anycast"),
      block("2001:1::3/128", "DNS-SD service registration anycast"),
      block("2001:2::/48", "benchmarking"),
      block("2001:3::/32", "AMT relay"),
      block("2001:4:112::/48", "AS112"),
      block("2001:10::/28", "ORCHID"),
      block("2001:20::/28", "ORCHID"),
      block("2001:30::/28", "drone remote ID"),
      block("2001::/23", "IETF protocol assignment"),
      block("2001:db8::/32", "documentation"),
      block("2002::/16", "6to4"),
      block("2620:4f:8000::/48", "AS112"),
      block("3fff::/20", "documentation"),
      block("5f00::/16", "segment routing (SRv6) SID"),
      block("fc00::/7", "unique local (private)"),
      block("fe80::/10", "link-local"),
      block("fec0::/10", "site-local"),
      block("ff00::/8", "multicast"));

  private AddressClassifier() {}

  /** The kind of special-purpose address, or empty for a public unicast address. */
  static Optional<String> specialKind(InetAddress address) {
    byte[] bytes = address.getAddress();
    if (bytes.length == 16 && isMapped(bytes)) {
      return Optional.of("IPv4-mapped"); // an Inet6Address the JDK did not collapse to IPv4
    }
    for (Block b : BLOCKS) {
      if (b.range().contains(address)) {
        return Optional.of(b.kind());
      }
    }
    return Optional.empty();
  }

  private static boolean isMapped(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
  }

  private static Block block(String cidr, String kind) {
    return new Block(AddressRange.of(cidr), kind);
  }
}
