package io.cynodeai.connector.reference.imap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cynodeai.connector.spi.ConnectorContext;
import io.cynodeai.connector.spi.PollResult;
import io.cynodeai.connector.spi.PollingSource;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.UIDFolder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Polls the mailbox for messages newer than a UID cursor {@code "<uidValidity>:<lastUid>"}. Each poll reads at
 * most {@value #BATCH} messages with a UID above {@code lastUid}, oldest first, and returns those that pass the
 * config's {@code filter.fromAllowlist} (and are not {@code \Deleted}) in {@code readInbox}'s shape (snippet of
 * at most {@value InboxQuery#DEFAULT_SNIPPET_CHARS} characters) plus {@code mailbox} and {@code uidValidity};
 * the next cursor is the highest UID read, so a backlog drains over successive polls.
 *
 * <p>No cursor yet, or a cursor from another UIDVALIDITY (the mailbox was recreated or renumbered, so its old
 * UIDs mean nothing): the poll <em>replays</em> the mailbox from its first UID, and in the second case says so
 * in a note. Replaying can deliver a message the host already saw under the old UIDVALIDITY; the
 * {@code messageId} is there to deduplicate. Skipping ahead to the newest UID instead would silently lose
 * whatever arrived in between, which is worse for an inbox that drives alerts.
 *
 * <p>Idempotent for a cursor: nothing on the server is changed (the mailbox is opened read-only, bodies are
 * read with PEEK). Stateless.
 */
final class ImapPolling implements PollingSource {
  static final int BATCH = 50;
  private final Duration interval;

  ImapPolling(Duration interval) {
    this.interval = interval;
  }

  @Override
  public Duration interval() {
    return interval;
  }

  /** A poll reads the inbox as {@code readInbox} does: a spec allowing that operation allows polling. */
  @Override
  public String operation() {
    return ImapConnectorProvider.READ_INBOX;
  }

  @Override
  public PollResult poll(ConnectorContext context, @Nullable String cursor) throws Exception {
    ImapConfig config = ImapConfig.from(context.config());
    try (MailboxConnection connection = MailboxConnection.open(context, config, Folder.READ_ONLY)) {
      long uidValidity = connection.uidValidity();
      List<String> notes = new ArrayList<>();
      long lastUid = 0;
      Cursor parsed = Cursor.parse(cursor);
      if (parsed != null && parsed.uidValidity() == uidValidity) {
        lastUid = parsed.lastUid();
      } else if (parsed != null) {
        notes.add("UIDVALIDITY of mailbox " + config.mailbox() + " changed from " + parsed.uidValidity() + " to "
            + uidValidity + ": the cursor was reset and the mailbox is replayed from its first message");
      } else if (cursor != null) {
        notes.add("unreadable cursor '" + cursor + "' was reset; the mailbox is replayed from its first message");
      }
      UIDFolder uids = connection.uids();
      Folder folder = connection.folder();
      // "n:*" always includes the newest message even when its UID is below n (RFC 3501 6.4.8): filter again.
      List<Message> newer = new ArrayList<>(Arrays.asList(uids.getMessagesByUID(lastUid + 1, UIDFolder.LASTUID)));
      FetchProfile profile = new FetchProfile();
      profile.add(UIDFolder.FetchProfileItem.UID);
      folder.fetch(newer.toArray(Message[]::new), profile);
      final long after = lastUid;
      newer.removeIf(m -> InboxReader.uid(uids, m) <= after);
      newer.sort(Comparator.comparingLong(m -> InboxReader.uid(uids, m)));
      List<Message> batch = newer.subList(0, Math.min(BATCH, newer.size()));
      FetchProfile details = new FetchProfile();
      details.add(FetchProfile.Item.ENVELOPE);
      details.add(FetchProfile.Item.FLAGS);
      details.add(FetchProfile.Item.SIZE);
      folder.fetch(batch.toArray(Message[]::new), details);
      List<JsonNode> events = new ArrayList<>();
      long highest = lastUid;
      for (Message m : batch) {
        highest = Math.max(highest, InboxReader.uid(uids, m));
        if (m.isSet(Flags.Flag.DELETED) || !config.fromAllowlist().allows(MessageView.sender(m))) {
          continue;
        }
        ObjectNode event = MessageView.summary(uids, m, InboxQuery.DEFAULT_SNIPPET_CHARS);
        event.put("mailbox", config.mailbox());
        event.put("uidValidity", uidValidity);
        events.add(event);
      }
      if (newer.size() > batch.size()) {
        notes.add((newer.size() - batch.size()) + " newer messages remain for the next poll");
      }
      return new PollResult(events, uidValidity + ":" + highest, notes);
    }
  }

  /** A parsed cursor; null for none or an unreadable one. */
  record Cursor(long uidValidity, long lastUid) {
    static @Nullable Cursor parse(@Nullable String text) {
      if (text == null) {
        return null;
      }
      int colon = text.indexOf(':');
      try {
        return colon < 0 ? null
            : new Cursor(Long.parseLong(text.substring(0, colon)), Long.parseLong(text.substring(colon + 1)));
      } catch (NumberFormatException e) {
        return null;
      }
    }
  }
}
