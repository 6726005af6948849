package io.cynodeai.connector.reference.imap;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.mail.Address;
import jakarta.mail.Flags;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import org.jspecify.annotations.Nullable;

/**
 * A message as the operations answer it: UID, Message-ID, sender and recipient addresses (without display
 * names), subject, received date (RFC 3339, UTC), flags and size, and the start of its text. Stateless.
 */
final class MessageView {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private MessageView() {}

  /** The sender's address, or null when the message has none that parses. */
  static @Nullable String sender(Message message) throws MessagingException {
    try {
      Address[] from = message.getFrom();
      return from == null || from.length == 0 ? null : address(from[0]);
    } catch (AddressException malformed) {
      return null;
    }
  }

  /** The recipients of that type; a malformed header yields none rather than failing the whole answer. */
  private static Address[] recipients(Message message, Message.RecipientType type) throws MessagingException {
    try {
      Address[] found = message.getRecipients(type);
      return found == null ? new Address[0] : found;
    } catch (AddressException malformed) {
      return new Address[0];
    }
  }

  /** The fields every view has: uid, messageId, from, to, subject, date, flags, size. */
  static ObjectNode header(UIDFolder folder, Message message) throws MessagingException {
    ObjectNode node = JSON.objectNode();
    node.put("uid", folder.getUID(message));
    node.put("messageId", message instanceof MimeMessage mime ? mime.getMessageID() : null);
    node.put("from", sender(message));
    node.set("to", addresses(recipients(message, Message.RecipientType.TO)));
    node.put("subject", eightBit(message.getSubject()));
    node.put("date", date(message.getReceivedDate()));
    node.set("flags", flags(message.getFlags()));
    node.put("size", Math.max(0, message.getSize()));
    return node;
  }

  /** The {@code readInbox} entry: the header and a snippet of at most {@code snippetChars}. */
  static ObjectNode summary(UIDFolder folder, Message message, int snippetChars)
      throws MessagingException, IOException {
    ObjectNode node = header(folder, message);
    MessageParts.Text text = MessageParts.text(message, snippetChars);
    String collapsed = text.text().replaceAll("\\s+", " ").strip();
    node.put("snippet", collapsed);
    node.put("snippetTruncated", text.truncated());
    return node;
  }

  /** The {@code getMessage} answer: header, cc, the body up to {@code maxBodyChars} and the attachment list. */
  static ObjectNode full(UIDFolder folder, long uidValidity, Message message, int maxBodyChars)
      throws MessagingException, IOException {
    ObjectNode node = header(folder, message);
    node.put("uidValidity", uidValidity);
    node.set("cc", addresses(recipients(message, Message.RecipientType.CC)));
    MessageParts.Text text = MessageParts.text(message, maxBodyChars);
    ObjectNode body = node.putObject("body");
    body.put("contentType", text.contentType());
    body.put("text", text.text());
    body.put("truncated", text.truncated());
    ArrayNode attachments = node.putArray("attachments");
    for (MessageParts.Attachment a : MessageParts.attachments(message)) {
      ObjectNode entry = attachments.addObject();
      entry.put("filename", a.filename());
      entry.put("contentType", a.contentType());
      entry.put("size", a.size());
    }
    return node;
  }

  /**
   * Undoes Jakarta Mail's reading of raw 8-bit header text as ISO-8859-1. IMAP servers pass a header's raw
   * bytes through in the envelope (RFC 6532 allows UTF-8 there), and Jakarta Mail turns each byte into one
   * character: "Größe" sent as UTF-8 arrives as "GrÃ¶Ãe". A text whose characters are all below U+0100 and
   * whose bytes form valid UTF-8 with at least one multi-byte sequence is decoded as UTF-8; anything else
   * (ASCII, encoded words already decoded to other characters, genuine Latin-1 bytes, which are rarely valid
   * UTF-8) is returned unchanged.
   */
  static @Nullable String eightBit(@Nullable String text) {
    if (text == null) {
      return null;
    }
    boolean high = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c > 0xFF) {
        return text;
      }
      high |= c >= 0x80;
    }
    if (!high) {
      return text;
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1))).toString();
    } catch (CharacterCodingException notUtf8) {
      return text;
    }
  }

  private static ArrayNode addresses(Address[] addresses) {
    ArrayNode array = JSON.arrayNode();
    for (Address a : addresses) {
      String text = address(a);
      if (text != null) {
        array.add(text);
      }
    }
    return array;
  }

  private static @Nullable String address(Address address) {
    return address instanceof InternetAddress ia ? ia.getAddress() : null;
  }

  private static @Nullable String date(@Nullable Date date) {
    return date == null ? null : date.toInstant().toString();
  }

  private static ArrayNode flags(Flags flags) {
    ArrayNode array = JSON.arrayNode();
    Flags.Flag[] order = {Flags.Flag.SEEN, Flags.Flag.ANSWERED, Flags.Flag.FLAGGED, Flags.Flag.DELETED,
        Flags.Flag.DRAFT};
    String[] names = {"\\Seen", "\\Answered", "\\Flagged", "\\Deleted", "\\Draft"};
    for (int i = 0; i < order.length; i++) {
      if (flags.contains(order[i])) {
        array.add(names[i]);
      }
    }
    for (String user : flags.getUserFlags()) {
      array.add(user);
    }
    return array;
  }
}
