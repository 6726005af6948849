package io.cynodeai.connector.core.egress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One allowlist entry: a scheme, a host pattern and a port. The host pattern is an exact host name
 * ({@code api.example.com}), a wildcard for the names below a domain ({@code *.example.com}, which does not
 * match {@code example.com} itself), a canonical IP literal ({@code 203.0.113.7}, {@code [2001:db8::1]}), or
 * {@code *} for any host. Matching is on the lower-case ASCII (A-label) form; an entry never loosens the
 * address rules: a name allowed here that resolves to a private address is still refused unless that address
 * is allowed with {@link EgressPolicy.Builder#allowAddressRange}. Immutable.
 *
 * @param scheme {@code https}, {@code http}, or {@code tcp} (connections made through the socket factory)
 * @param hostPattern the host pattern, lower case
 * @param port the port, 1 to 65535, or {@link #ANY_PORT} (written {@code *}) for every port
 */
public record EgressRule(String scheme, String hostPattern, int port) {
  /** The schemes a rule may name. */
  public static final Set<String> SCHEMES = Set.of("https", "http", "tcp");

  /** The port of a rule that allows every port, written {@code *} as in {@code https://*.example.com:*}. */
  public static final int ANY_PORT = -1;

  private static final Pattern LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");
  private static final Pattern ENTRY = Pattern.compile("([a-z]+)://(\\[[0-9a-f:.]+\\]|[^/:\\[\\]]+):([0-9]{1,5}|\\*)");

  public EgressRule {
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(hostPattern, "hostPattern");
    if (!SCHEMES.contains(scheme)) {
      throw new IllegalArgumentException("egress rule scheme must be one of " + SCHEMES + ", was '" + scheme + "'");
    }
    if (port != ANY_PORT && (port < 1 || port > 65535)) {
      throw new IllegalArgumentException("egress rule port must be 1..65535, was " + port);
    }
    String problem = hostPatternProblem(hostPattern);
    if (problem != null) {
      throw new IllegalArgumentException("malformed egress host pattern '" + hostPattern + "': " + problem);
    }
  }

  /**
   * Parses {@code scheme://host-pattern:port}, for example {@code https://*.example.com:443}; the port is
   * required so that an entry never allows more than it says ({@code *} allows every port).
   *
   * @throws IllegalArgumentException naming the entry and what is wrong with it
   */
  public static EgressRule parse(String entry) {
    Objects.requireNonNull(entry, "entry");
    var m = ENTRY.matcher(entry.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("malformed egress rule '" + entry
          + "': expected scheme://host-pattern:port, for example https://api.example.com:443");
    }
    String port = m.group(3);
    return new EgressRule(m.group(1), m.group(2), port.equals("*") ? ANY_PORT : Integer.parseInt(port));
  }

  /** Whether this rule allows {@code host} (normalized: lower case, no trailing dot) on this scheme and port. */
  public boolean allows(String requestScheme, String host, int requestPort) {
    if (!scheme.equals(requestScheme) || (port != ANY_PORT && port != requestPort)) {
      return false;
    }
    if (hostPattern.equals("*")) {
      return true;
    }
    if (hostPattern.startsWith("*.")) {
      return host.endsWith(hostPattern.substring(1)) && host.length() > hostPattern.length() - 1;
    }
    if (hostPattern.startsWith("[") && host.startsWith("[")) {
      return sameAddress(hostPattern, host);
    }
    return hostPattern.equals(host);
  }

  private static boolean sameAddress(String a, String b) {
    try { // both are bracketed literals of hex digits, colons and dots: parsing does no lookup
      return InetAddress.getByName(a.substring(1, a.length() - 1))
          .equals(InetAddress.getByName(b.substring(1, b.length() - 1)));
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static String hostPatternProblem(String pattern) {
    if (pattern.equals("*")) {
      return null;
    }
    if (!pattern.equals(pattern.toLowerCase(Locale.ROOT))) {
      return "must be lower case";
    }
    if (pattern.startsWith("[")) {
      return pattern.matches("\\[[0-9a-f:.]+\\]") ? null : "malformed IPv6 literal";
    }
    String name = pattern.startsWith("*.") ? pattern.substring(2) : pattern;
    if (name.isEmpty() || name.length() > 253) {
      return "empty or longer than 253 characters";
    }
    for (String label : name.split("\\.", -1)) {
      if (!LABEL.matcher(label).matches()) {
        return "label '" + label + "' is not an ASCII host label (use the punycode form of international names;"
            + " '*' may only be the whole first label)";
      }
    }
    return null;
  }
}
