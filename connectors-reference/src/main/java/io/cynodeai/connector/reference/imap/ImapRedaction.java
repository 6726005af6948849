package io.cynodeai.connector.reference.imap;

import java.util.List;

/**
 * What an {@link ImapConnectorProvider} redacts from every answer (§3.3), chosen by the host when it
 * registers the provider. The engine replaces each value with {@code "[REDACTED]"} and lists its pointer in
 * {@code redactions_applied}. Immutable.
 */
public enum ImapRedaction {
  /** Sender and recipient addresses: {@code from}, {@code to}, {@code cc}. */
  ADDRESSES(List.of("/messages/*/from", "/messages/*/to/*"), List.of("/from", "/to/*", "/cc/*")),
  /** What the messages say: subjects, snippets, bodies and attachment file names. */
  CONTENT(List.of("/messages/*/subject", "/messages/*/snippet"),
      List.of("/subject", "/body/text", "/attachments/*/filename"));

  private final List<String> inbox;
  private final List<String> message;

  ImapRedaction(List<String> inbox, List<String> message) {
    this.inbox = inbox;
    this.message = message;
  }

  /** Pointers into a {@code readInbox} answer. */
  List<String> inboxPointers() {
    return inbox;
  }

  /** Pointers into a {@code getMessage} answer. */
  List<String> messagePointers() {
    return message;
  }
}
