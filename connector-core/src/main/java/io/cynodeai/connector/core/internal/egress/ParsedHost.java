package io.cynodeai.connector.core.internal.egress;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A destination host, parsed strictly. IP literals are accepted only in canonical form (dotted decimal IPv4,
 * bracketed or bare IPv6 without a zone); anything that a lenient parser such as {@code inet_aton} would read
 * as an address (decimal {@code 2130706433}, octal {@code 0177.0.0.1}, hex {@code 0x7f.1}, short
 * {@code 127.1}) is refused rather than guessed at. Names must be ASCII (A-labels), are lower-cased and lose
 * one trailing dot. Never resolves anything.
 */
sealed interface ParsedHost {
  Pattern DOTTED_QUAD = Pattern.compile(
      "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
  Pattern NUMERIC_LABEL = Pattern.compile("[0-9]+|0x[0-9a-f]*");
  Pattern LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");

  /** The form allowlist patterns are matched against. */
  String canonical();

  /** A host name, to be resolved by the guard. */
  record Name(String canonical) implements ParsedHost {}

  /** An IP literal. */
  record Literal(InetAddress address, String canonical) implements ParsedHost {}

  /** Why a host string is unacceptable, or null if it is acceptable. */
  record Result(@Nullable ParsedHost host, @Nullable String problem) {}

  static Result parse(@Nullable String raw) {
    if (raw == null || raw.isEmpty()) {
      return problem("the URL has no host, or a host the URL parser could not read");
    }
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c > 0x7e || c < 0x21) {
        return problem("the host contains non-ASCII or control characters (international names must be given"
            + " in their punycode form)");
      }
    }
    String host = raw.toLowerCase(Locale.ROOT);
    if (host.startsWith("[") || host.indexOf(':') >= 0) {
      return ipv6(host);
    }
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    if (host.isEmpty() || host.length() > 253) {
      return problem("the host is empty or longer than 253 characters");
    }
    String[] labels = host.split("\\.", -1);
    if (NUMERIC_LABEL.matcher(labels[labels.length - 1]).matches()) {
      if (!DOTTED_QUAD.matcher(host).matches()) {
        return problem("'" + raw + "' is not a canonical dotted-decimal IPv4 address");
      }
      return literal(host);
    }
    for (String label : labels) {
      if (!LABEL.matcher(label).matches()) {
        return problem("'" + raw + "' is not a valid host name");
      }
    }
    return new Result(new Name(host), null);
  }

  private static Result ipv6(String host) {
    String inner = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (!inner.matches("[0-9a-f:.]+")) {
      return problem("'" + host + "' is not a valid IPv6 literal (zones and brackets inside are refused)");
    }
    return literal(inner);
  }

  private static Result literal(String text) {
    try {
      InetAddress address = InetAddress.getByName(text); // text is a literal, validated above: no lookup
      String canonical = address instanceof Inet6Address ? "[" + address.getHostAddress() + "]"
          : address.getHostAddress();
      return new Result(new Literal(InetAddress.getByAddress(address.getAddress()), canonical), null);
    } catch (UnknownHostException e) {
      return problem("'" + text + "' is not a valid IP literal");
    }
  }

  private static Result problem(String message) {
    return new Result(null, message);
  }
}
