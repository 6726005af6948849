package io.cynodeai.connector.spi;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@code major.minor.patch} version (§3.1): minor versions are additive only, majors may break. */
public record SemanticVersion(int major, int minor, int patch) implements Comparable<SemanticVersion> {
  private static final Pattern FORMAT = Pattern.compile("(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})");

  public SemanticVersion {
    if (major < 0 || minor < 0 || patch < 0) {
      throw new IllegalArgumentException("version parts must be >= 0");
    }
  }

  /**
   * Parses {@code "1.2.3"}.
   *
   * @throws IllegalArgumentException if the text is not a semantic version
   */
  public static SemanticVersion parse(String text) {
    Matcher m = FORMAT.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a semantic version (major.minor.patch)");
    }
    return new SemanticVersion(
        Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
  }

  /** Whether {@code text} is a valid semantic version. */
  public static boolean isValid(String text) {
    return FORMAT.matcher(text).matches();
  }

  /**
   * Whether this version matches a pin: {@code "1"} matches any 1.x.y, {@code "1.2"} any 1.2.y, {@code
   * "1.2.3"} only itself.
   */
  public boolean matches(String pin) {
    String[] parts = pin.split("\\.", -1);
    if (parts.length > 3) {
      return false;
    }
    int[] mine = {major, minor, patch};
    for (int i = 0; i < parts.length; i++) {
      try {
        if (Integer.parseInt(parts[i]) != mine[i]) {
          return false;
        }
      } catch (NumberFormatException e) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int compareTo(SemanticVersion o) {
    int c = Integer.compare(major, o.major);
    if (c == 0) {
      c = Integer.compare(minor, o.minor);
    }
    return c != 0 ? c : Integer.compare(patch, o.patch);
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch;
  }
}
