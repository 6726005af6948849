package io.cynodeai.connector.core.credentials;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The forms in which a leased secret may come back from a provider, computed once per lease so that scrubbing
 * a string is only a search: the secret itself; the Base64 of every {@code a:b} pair of the lease's values
 * (HTTP Basic: a user name and a password, or a token and the empty string), in the standard and the URL-safe
 * alphabet, padded and not; and, for secrets of {@value #ALIGNED_MIN} characters or more, the part of their
 * Base64 that does not depend on what precedes them ({@code anyone:secret} where the user name is not leased).
 * Every form is also matched {@linkplain #replace percent-encoded}, character by character. Needles are char
 * arrays, never strings, so the scope that holds them can wipe them. Not thread-safe; the scope guards them.
 */
final class SecretNeedles {
  /** Secrets shorter than this are not searched for on their own (too many false matches). */
  static final int MIN_LENGTH = 4;
  /** The shortest secret whose Base64 is searched at any alignment. */
  static final int ALIGNED_MIN = 8;
  /** The most values of one lease paired for Base64 {@code a:b}: n values make n(n-1) pairs. */
  static final int MAX_PAIRED = 8;
  private static final char[] REDACTED = "[REDACTED]".toCharArray();
  /** How many ambiguous {@code %} one match attempt may try both ways. */
  private static final int MAX_CHOICES = 64;
  /** The first byte's marker bits of a UTF-8 sequence of 2, 3 or 4 bytes. */
  private static final int[] LEAD = {0, 0, 0xC0, 0xE0, 0xF0};

  private SecretNeedles() {}

  /** The needles of one lease's values, longest first, without duplicates. */
  static List<char[]> of(List<char[]> values) {
    List<char[]> out = new ArrayList<>();
    for (char[] value : values) {
      if (value.length >= MIN_LENGTH) {
        out.add(value.clone());
      }
      if (value.length >= ALIGNED_MIN) {
        aligned(value, out);
      }
    }
    List<char[]> paired = values.subList(0, Math.min(values.size(), MAX_PAIRED));
    for (char[] a : paired) {
      pair(a, new char[0], out);
      pair(new char[0], a, out);
      for (char[] b : paired) {
        if (a != b) {
          pair(a, b, out);
        }
      }
    }
    out.sort(Comparator.comparingInt((char[] n) -> n.length).reversed());
    List<char[]> unique = new ArrayList<>(out.size());
    for (char[] needle : out) {
      if (unique.stream().anyMatch(u -> Arrays.equals(u, needle))) {
        Arrays.fill(needle, '\0');
      } else {
        unique.add(needle);
      }
    }
    return unique;
  }

  /** The Base64 of {@code a:b}, when at least one side would be searched for on its own. */
  private static void pair(char[] a, char[] b, List<char[]> out) {
    if (Math.max(a.length, b.length) < MIN_LENGTH) {
      return;
    }
    char[] joined = new char[a.length + 1 + b.length];
    System.arraycopy(a, 0, joined, 0, a.length);
    joined[a.length] = ':';
    System.arraycopy(b, 0, joined, a.length + 1, b.length);
    byte[] bytes = utf8(joined);
    Arrays.fill(joined, '\0');
    for (Base64.Encoder encoder : new Base64.Encoder[] {Base64.getEncoder(), Base64.getUrlEncoder()}) {
      byte[] encoded = encoder.encode(bytes);
      out.add(chars(encoded, 0, encoded.length));
      int unpadded = encoded.length;
      while (unpadded > 0 && encoded[unpadded - 1] == '=') {
        unpadded--;
      }
      if (unpadded < encoded.length) {
        out.add(chars(encoded, 0, unpadded));
      }
      Arrays.fill(encoded, (byte) 0);
    }
    Arrays.fill(bytes, (byte) 0);
  }

  /**
   * The Base64 characters fixed by the secret's bytes alone, at each of the three alignments it can have
   * after an unknown prefix ({@code user:}): a character carries 6 bits, so those wholly inside the secret's
   * bits are the same whatever precedes or follows it.
   */
  private static void aligned(char[] secret, List<char[]> out) {
    byte[] bytes = utf8(secret);
    for (int shift = 0; shift < 3; shift++) {
      byte[] shifted = new byte[shift + bytes.length];
      System.arraycopy(bytes, 0, shifted, shift, bytes.length);
      for (Base64.Encoder encoder : new Base64.Encoder[] {Base64.getEncoder(), Base64.getUrlEncoder()}) {
        byte[] encoded = encoder.encode(shifted);
        int first = (8 * shift + 5) / 6;
        int end = 8 * (shift + bytes.length) / 6;
        out.add(chars(encoded, first, end));
        Arrays.fill(encoded, (byte) 0);
      }
      Arrays.fill(shifted, (byte) 0);
    }
    Arrays.fill(bytes, (byte) 0);
  }

  private static byte[] utf8(char[] chars) {
    ByteBuffer buffer = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    if (buffer.hasArray()) {
      Arrays.fill(buffer.array(), (byte) 0);
    }
    return bytes;
  }

  private static char[] chars(byte[] ascii, int from, int to) {
    char[] out = new char[to - from];
    for (int i = from; i < to; i++) {
      out[i - from] = (char) ascii[i];
    }
    return out;
  }

  /**
   * {@code text} with every occurrence of a needle replaced by {@code [REDACTED]}, or {@code text} itself
   * (no copy) when none occurs. A needle also matches with any of its characters percent-encoded (RFC 3986,
   * either case of hex digit, UTF-8 for characters beyond ASCII) and with {@code +} for a space (form
   * encoding).
   */
  static String replace(String text, List<char[]> needles) {
    String out = text;
    for (char[] needle : needles) {
      out = replace(out, needle);
    }
    return out;
  }

  private static String replace(String text, char[] needle) {
    if (needle.length == 0 || needle[0] == '\0') {
      return text;
    }
    StringBuilder out = null;
    int copied = 0;
    char first = needle[0];
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c != first && c != '%' && !(c == '+' && first == ' ')) {
        continue;
      }
      int end = matchAt(text, i, needle);
      if (end >= 0) {
        out = out == null ? new StringBuilder(n) : out;
        out.append(text, copied, i).append(REDACTED);
        copied = end;
        i = end - 1;
      }
    }
    return out == null ? text : out.append(text, copied, n).toString();
  }

  /** Where a match of {@code needle} starting at {@code at} ends, or -1. */
  private static int matchAt(String text, int at, char[] needle) {
    return matchFrom(text, at, needle, 0, null);
  }

  /**
   * Matches {@code needle[j..]} at {@code p}. A {@code %} in the text where the needle has {@code %} is either
   * itself or the start of {@code %25}: both are tried, the encoded reading first, at most {@link
   * #MAX_CHOICES} times per start (after that only the encoded reading), so no text makes this exponential.
   */
  private static int matchFrom(String text, int p, char[] needle, int j, int @Nullable [] choices) {
    int n = text.length();
    while (j < needle.length) {
      if (p >= n) {
        return -1;
      }
      char c = text.charAt(p);
      char want = needle[j];
      int width = Character.isHighSurrogate(want) && j + 1 < needle.length
          && Character.isLowSurrogate(needle[j + 1]) ? 2 : 1;
      if (c == '%') {
        int cp = width == 2 ? Character.toCodePoint(want, needle[j + 1]) : want;
        int encoded = percentEncoded(text, p, cp);
        if (want == '%' && encoded >= 0 && choices == null) {
          choices = new int[] {MAX_CHOICES}; // shared by the whole attempt; only a secret with % needs it
        }
        if (want == '%' && encoded >= 0 && choices[0]-- > 0) {
          int end = matchFrom(text, encoded, needle, j + 1, choices);
          if (end >= 0) {
            return end;
          }
          p++; // the text's % was the needle's % itself
        } else if (encoded >= 0) {
          p = encoded;
        } else if (want == '%') {
          p++;
        } else {
          return -1;
        }
      } else if (c == want && (width == 1 || p + 1 < n && text.charAt(p + 1) == needle[j + 1])) {
        p += width;
      } else if (c == '+' && want == ' ') {
        p++;
      } else {
        return -1;
      }
      j += width;
    }
    return p;
  }

  /** Where the percent-encoded UTF-8 of {@code cp} starting at {@code at} ends, or -1. */
  private static int percentEncoded(String text, int at, int cp) {
    int count = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    int p = at;
    for (int k = 0; k < count; k++) {
      int shift = 6 * (count - 1 - k);
      int b;
      if (count == 1) {
        b = cp;
      } else if (k == 0) {
        b = LEAD[count] | cp >> shift; // 110xxxxx, 1110xxxx or 11110xxx
      } else {
        b = 0x80 | (cp >> shift & 0x3F); // 10xxxxxx
      }
      if (p + 2 >= text.length() || text.charAt(p) != '%'
          || hex(text.charAt(p + 1)) != (b >> 4) || hex(text.charAt(p + 2)) != (b & 0xF)) {
        return -1;
      }
      p += 3;
    }
    return p;
  }

  private static int hex(char c) {
    return c < 0x80 ? Character.digit(c, 16) : -1;
  }
}
