package io.cynodeai.connector.reference.imap;

import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Which senders may be shown: entries are addresses ({@code alerts@example.com}) or domains ({@code
 * @example.com}), compared without regard to case. An empty filter lets every sender through. A filter
 * {@linkplain #and narrowed} by another lets through only what passes both. Immutable.
 *
 * @param entries lower-cased addresses and {@code @domain}s
 * @param narrowedBy a second filter every sender must also pass, if any
 */
record SenderFilter(List<String> entries, @Nullable SenderFilter narrowedBy) {
  static final SenderFilter ANY = new SenderFilter(List.of(), null);

  SenderFilter {
    entries = entries.stream().map(e -> e.toLowerCase(Locale.ROOT)).distinct().toList();
  }

  static SenderFilter of(List<String> entries) {
    return entries.isEmpty() ? ANY : new SenderFilter(entries, null);
  }

  /** A sender passes the result only if it passes both filters, so a request can narrow but never widen. */
  SenderFilter and(SenderFilter other) {
    if (other.allowsEveryone()) {
      return this;
    }
    return allowsEveryone() ? other : new SenderFilter(entries, other);
  }

  boolean allowsEveryone() {
    return entries.isEmpty() && narrowedBy == null;
  }

  /** The narrowest list of entries, for a server-side search that the exact check then confirms. */
  List<String> searchEntries() {
    return narrowedBy != null ? narrowedBy.searchEntries() : entries;
  }

  /** Whether the sender's address passes; a message without a sender passes only a filter allowing everyone. */
  boolean allows(@Nullable String address) {
    if (allowsEveryone()) {
      return true;
    }
    if (address == null) {
      return false;
    }
    String a = address.toLowerCase(Locale.ROOT);
    boolean here = entries.isEmpty() || entries.stream().anyMatch(e -> e.startsWith("@") ? a.endsWith(e) : a.equals(e));
    return here && (narrowedBy == null || narrowedBy.allows(address));
  }
}
