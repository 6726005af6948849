package io.cynodeai.connector.reference.imap;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.UIDFolder;
import jakarta.mail.search.AndTerm;
import jakarta.mail.search.ComparisonTerm;
import jakarta.mail.search.FlagTerm;
import jakarta.mail.search.FromStringTerm;
import jakarta.mail.search.OrTerm;
import jakarta.mail.search.ReceivedDateTerm;
import jakarta.mail.search.SearchTerm;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Date;
import java.util.List;

/**
 * {@code readInbox}: searches the mailbox on the server (unseen, received since the earliest day of {@code since}, a
 * sender containing an allowed entry), then checks every candidate exactly (the instant, the sender's whole
 * address) from newest to oldest UID until the page is full. Envelopes, flags, sizes and UIDs are fetched in
 * batches of 50 as the walk needs them; a snippet costs one partial fetch of the first text part. Stateless.
 *
 * <p>Paging: when the page is full and older candidates remain, the answer carries {@code nextBeforeUid}
 * (the last UID returned); passing it as {@code beforeUid} continues below it. UIDs are stable within one
 * {@code uidValidity}, so pages never repeat or skip a message that stays in the mailbox.
 */
final class InboxReader {
  private static final int BATCH = 50;
  private static final ZoneOffset WESTERNMOST = ZoneOffset.ofHours(-12);

  private InboxReader() {}

  static ObjectNode read(MailboxConnection connection, String mailbox, InboxQuery query)
      throws MessagingException, IOException {
    Folder folder = connection.folder();
    UIDFolder uids = connection.uids();
    Long before = query.beforeUid();
    Message[] found = before == null ? folder.search(serverTerm(query))
        : before <= 1 ? new Message[0] : folder.search(serverTerm(query), uids.getMessagesByUID(1, before - 1));
    // Sequence numbers ascend with UIDs (RFC 3501 2.3.1.1), so the newest are last.
    List<Message> candidates = new ArrayList<>(Arrays.asList(found));
    candidates.sort(Comparator.comparingInt(Message::getMessageNumber).reversed());
    ObjectNode result = JsonNodeFactory.instance.objectNode();
    result.put("mailbox", mailbox);
    result.put("uidValidity", connection.uidValidity());
    ArrayNode messages = result.putArray("messages");
    long lastUid = 0;
    int index = 0;
    for (; index < candidates.size() && messages.size() < query.limit(); index++) {
      if (index % BATCH == 0) {
        fetch(folder, candidates.subList(index, Math.min(candidates.size(), index + BATCH)));
      }
      Message m = candidates.get(index);
      long uid = uid(uids, m);
      if (uid > 0 && matches(query, m)) {
        messages.add(MessageView.summary(uids, m, query.snippetChars()));
        lastUid = uid;
      }
    }
    if (messages.size() == query.limit() && index < candidates.size()) {
      result.put("nextBeforeUid", lastUid);
    }
    return result;
  }

  /**
   * The date for IMAP {@code SINCE}, which compares the day of each message's INTERNALDATE in the server's
   * zone, which the client does not know. The earliest day {@code since} falls on anywhere (its date at
   * UTC-12, the westernmost offset in use) is on or before its date in any server zone, so no message at or
   * after {@code since} is left out; the exact instant is checked afterwards. Jakarta Mail writes the date in
   * {@code clientZone} (the JVM's default zone, read when the search is built), so the day is passed as its
   * noon there.
   */
  static Date searchDate(Instant since, ZoneId clientZone) {
    LocalDate earliest = since.atOffset(WESTERNMOST).toLocalDate();
    return Date.from(earliest.atTime(LocalTime.NOON).atZone(clientZone).toInstant());
  }

  /** What the server can narrow cheaply; every condition is checked exactly afterwards. */
  private static SearchTerm serverTerm(InboxQuery query) {
    List<SearchTerm> terms = new ArrayList<>();
    // Fetched messages are never expunged by this connector; \Deleted ones are hidden like a mail client would.
    terms.add(new FlagTerm(new Flags(Flags.Flag.DELETED), false));
    if (query.unseenOnly()) {
      terms.add(new FlagTerm(new Flags(Flags.Flag.SEEN), false));
    }
    if (query.since() != null) {
      terms.add(new ReceivedDateTerm(ComparisonTerm.GE, searchDate(query.since(), ZoneId.systemDefault())));
    }
    List<String> senders = query.senders().searchEntries();
    if (!senders.isEmpty()) {
      terms.add(new OrTerm(senders.stream().map(FromStringTerm::new).toArray(SearchTerm[]::new)));
    }
    return terms.size() == 1 ? terms.get(0) : new AndTerm(terms.toArray(SearchTerm[]::new));
  }

  private static boolean matches(InboxQuery query, Message m) {
    try {
      if (query.since() != null && (m.getReceivedDate() == null
          || m.getReceivedDate().toInstant().isBefore(query.since()))) {
        return false;
      }
      if (query.unseenOnly() && m.isSet(Flags.Flag.SEEN)) {
        return false;
      }
      return query.senders().allows(MessageView.sender(m));
    } catch (MessagingException e) {
      return false;
    }
  }

  private static void fetch(Folder folder, List<Message> messages) throws MessagingException {
    FetchProfile profile = new FetchProfile();
    profile.add(FetchProfile.Item.ENVELOPE);
    profile.add(FetchProfile.Item.FLAGS);
    profile.add(FetchProfile.Item.SIZE);
    profile.add(UIDFolder.FetchProfileItem.UID);
    folder.fetch(messages.toArray(Message[]::new), profile);
  }

  static long uid(UIDFolder uids, Message m) {
    try {
      return uids.getUID(m);
    } catch (MessagingException e) {
      return -1;
    }
  }
}
