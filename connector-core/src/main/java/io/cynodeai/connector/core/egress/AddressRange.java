package io.cynodeai.connector.core.egress;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;

/**
 * A block of IP addresses in CIDR notation ({@code 10.0.0.0/8}, {@code 127.0.0.1/32}, {@code fc00::/7}).
 * IPv4 ranges match IPv4 addresses only and IPv6 ranges IPv6 addresses only. Immutable.
 *
 * @param cidr the range as written, in canonical form
 */
public record AddressRange(String cidr) {

  public AddressRange {
    Objects.requireNonNull(cidr, "cidr");
    parse(cidr);
  }

  /**
   * A range from CIDR text.
   *
   * @throws IllegalArgumentException if the text is not an IP literal with a prefix length that fits it
   */
  public static AddressRange of(String cidr) {
    return new AddressRange(cidr);
  }

  /** Whether {@code address} lies in this range. */
  public boolean contains(InetAddress address) {
    Parsed p = parse(cidr);
    byte[] candidate = address.getAddress();
    if (candidate.length != p.network.length) {
      return false;
    }
    int bits = p.prefix;
    for (int i = 0; i < candidate.length && bits > 0; i++, bits -= 8) {
      int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
      if ((candidate[i] & mask) != (p.network[i] & mask)) {
        return false;
      }
    }
    return true;
  }

  private record Parsed(byte[] network, int prefix) {}

  private static Parsed parse(String cidr) {
    int slash = cidr.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("address range '" + cidr + "' needs a prefix length, as in 10.0.0.0/8");
    }
    String literal = cidr.substring(0, slash);
    boolean v6 = literal.contains(":");
    boolean valid = v6 ? literal.matches("[0-9a-fA-F:.]+")
        : literal.matches("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    if (!valid) {
      throw new IllegalArgumentException("address range '" + cidr + "' does not start with a canonical IP literal");
    }
    byte[] bytes;
    try {
      InetAddress address = InetAddress.getByName(literal); // a literal only: validated above, no lookup
      bytes = address.getAddress();
      if (v6 && address instanceof Inet4Address) {
        throw new IllegalArgumentException("address range '" + cidr + "' is IPv4-mapped; write the IPv4 range");
      }
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("address range '" + cidr + "' is not an IP literal");
    }
    int prefix;
    try {
      prefix = Integer.parseInt(cidr.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("address range '" + cidr + "' has a malformed prefix length");
    }
    if (prefix < 0 || prefix > bytes.length * 8) {
      throw new IllegalArgumentException("address range '" + cidr + "' has a prefix length outside 0.."
          + bytes.length * 8);
    }
    return new Parsed(Arrays.copyOf(bytes, bytes.length), prefix);
  }
}
