package io.cynodeai.connector.core.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A Maven-style version range for dependency policies: {@code [2.0,2.17.1)} (2.0 inclusive to 2.17.1 exclusive),
 * {@code (,1.2]}, {@code [1.5,)}, {@code [1.0]} (exactly 1.0), a bare {@code 1.0} (also exactly 1.0), or a union
 * such as {@code [1.0,1.2),[1.5,)}. Versions compare as Maven does in the common cases: numeric parts
 * numerically ({@code 2.10 > 2.9}), missing parts as zero ({@code 1.0 == 1.0.0}), and qualifiers below the
 * release ({@code alpha < beta < milestone < rc < snapshot < release < sp}, unknown qualifiers after {@code sp}
 * in text order). Immutable and thread-safe.
 */
public final class VersionRange {
  private final String text;
  private final List<Bounds> unions;

  private record Bounds(@Nullable String lower, boolean lowerInclusive, @Nullable String upper,
      boolean upperInclusive) {
    boolean contains(String v) {
      if (lower != null) {
        int c = compare(v, lower);
        if (c < 0 || (c == 0 && !lowerInclusive)) {
          return false;
        }
      }
      if (upper != null) {
        int c = compare(v, upper);
        return c < 0 || (c == 0 && upperInclusive);
      }
      return true;
    }
  }

  private VersionRange(String text, List<Bounds> unions) {
    this.text = text;
    this.unions = List.copyOf(unions);
  }

  /**
   * Parses a range.
   *
   * @throws IllegalArgumentException if {@code spec} is not a range or version
   */
  public static VersionRange parse(String spec) {
    Objects.requireNonNull(spec, "spec");
    String s = spec.replace(" ", "");
    if (s.isEmpty()) {
      throw new IllegalArgumentException("an empty version range");
    }
    if (s.charAt(0) != '[' && s.charAt(0) != '(') {
      if (s.contains(",") || s.contains("]") || s.contains(")")) {
        throw new IllegalArgumentException("malformed version range '" + spec + "'");
      }
      return new VersionRange(spec, List.of(new Bounds(s, true, s, true)));
    }
    List<Bounds> unions = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char open = s.charAt(i);
      int close = indexOfClose(s, i);
      if ((open != '[' && open != '(') || close < 0) {
        throw new IllegalArgumentException("malformed version range '" + spec + "'");
      }
      unions.add(bounds(s.substring(i + 1, close), open == '[', s.charAt(close) == ']', spec));
      i = close + 1;
      if (i < s.length()) {
        if (s.charAt(i) != ',' || i + 1 == s.length()) {
          throw new IllegalArgumentException("malformed version range '" + spec + "'");
        }
        i++;
      }
    }
    return new VersionRange(spec, unions);
  }

  private static int indexOfClose(String s, int from) {
    for (int j = from + 1; j < s.length(); j++) {
      char c = s.charAt(j);
      if (c == ']' || c == ')') {
        return j;
      }
      if (c == '[' || c == '(') {
        return -1;
      }
    }
    return -1;
  }

  private static Bounds bounds(String inner, boolean lowerInc, boolean upperInc, String spec) {
    int comma = inner.indexOf(',');
    if (comma < 0) {
      if (inner.isEmpty() || !lowerInc || !upperInc) {
        throw new IllegalArgumentException("malformed version range '" + spec + "': a single version needs [v]");
      }
      return new Bounds(inner, true, inner, true);
    }
    if (inner.indexOf(',', comma + 1) >= 0) {
      throw new IllegalArgumentException("malformed version range '" + spec + "'");
    }
    String lo = inner.substring(0, comma);
    String hi = inner.substring(comma + 1);
    if (lo.isEmpty() && hi.isEmpty()) {
      throw new IllegalArgumentException("malformed version range '" + spec + "': no bound");
    }
    if (!lo.isEmpty() && !hi.isEmpty() && compare(lo, hi) > 0) {
      throw new IllegalArgumentException("malformed version range '" + spec + "': lower bound above upper");
    }
    return new Bounds(lo.isEmpty() ? null : lo, lowerInc, hi.isEmpty() ? null : hi, upperInc);
  }

  /** Whether {@code version} is in the range. */
  public boolean contains(String version) {
    Objects.requireNonNull(version, "version");
    return unions.stream().anyMatch(b -> b.contains(version.trim()));
  }

  /** Compares two versions as described in the class comment. */
  public static int compare(String a, String b) {
    List<String> x = tokens(a);
    List<String> y = tokens(b);
    for (int i = 0; i < Math.max(x.size(), y.size()); i++) {
      String p = i < x.size() ? x.get(i) : null;
      String q = i < y.size() ? y.get(i) : null;
      int c = compareToken(p, q);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private static int compareToken(@Nullable String p, @Nullable String q) {
    boolean pn = p != null && isNumber(p);
    boolean qn = q != null && isNumber(q);
    if (p == null) {
      p = qn ? "0" : "";
      pn = qn;
    }
    if (q == null) {
      q = pn ? "0" : "";
      qn = pn;
    }
    if (pn && qn) {
      return new java.math.BigInteger(p).compareTo(new java.math.BigInteger(q));
    }
    if (pn != qn) {
      return pn ? 1 : -1;
    }
    int rp = rank(p);
    int rq = rank(q);
    return rp != rq ? Integer.compare(rp, rq) : (rp == 7 ? p.compareTo(q) : 0);
  }

  private static int rank(String qualifier) {
    return switch (qualifier) {
      case "alpha", "a" -> 0;
      case "beta", "b" -> 1;
      case "milestone", "m" -> 2;
      case "rc", "cr" -> 3;
      case "snapshot" -> 4;
      case "", "ga", "final", "release" -> 5;
      case "sp" -> 6;
      default -> 7;
    };
  }

  private static boolean isNumber(String t) {
    return !t.isEmpty() && t.chars().allMatch(Character::isDigit);
  }

  /** Splits at '.', '-' and digit/letter transitions, lower-cased, without trailing zero parts. */
  private static List<String> tokens(String version) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    String v = version.trim().toLowerCase(Locale.ROOT);
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      boolean sep = c == '.' || c == '-' || c == '_';
      boolean switchKind = cur.length() > 0 && Character.isDigit(c) != Character.isDigit(cur.charAt(0));
      if (sep || switchKind) {
        if (cur.length() > 0) {
          out.add(cur.toString());
        }
        cur.setLength(0);
        if (sep) {
          continue;
        }
      }
      cur.append(c);
    }
    if (cur.length() > 0) {
      out.add(cur.toString());
    }
    return out;
  }

  @Override
  public String toString() {
    return text;
  }
}
