package io.cynodeai.connector.core.internal.policy;

import java.util.regex.Pattern;

/** A name pattern where {@code *} matches any run of characters and everything else matches itself. */
record Glob(String text, Pattern pattern) {

  static Glob of(String text) {
    StringBuilder regex = new StringBuilder();
    int start = 0;
    for (int i = text.indexOf('*'); i >= 0; i = text.indexOf('*', start)) {
      if (i > start) {
        regex.append(Pattern.quote(text.substring(start, i)));
      }
      regex.append(".*");
      start = i + 1;
    }
    if (start < text.length()) {
      regex.append(Pattern.quote(text.substring(start)));
    }
    return new Glob(text, Pattern.compile(regex.toString(), Pattern.DOTALL));
  }

  boolean matches(String value) {
    return pattern.matcher(value).matches();
  }
}
