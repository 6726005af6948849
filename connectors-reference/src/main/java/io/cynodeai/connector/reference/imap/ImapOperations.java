package io.cynodeai.connector.reference.imap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.OperationContext;
import io.cynodeai.connector.spi.ProviderException;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The handlers of {@code readInbox}, {@code getMessage} and {@code markSeen}: each attempt opens one
 * {@link MailboxConnection} (read-only, except for {@code markSeen}), does its work and logs out. Messages from
 * senders outside the instance's {@code fromAllowlist} are invisible to all three: they are neither listed,
 * read nor flagged. Stateless and thread-safe.
 */
final class ImapOperations {
  static final int DEFAULT_MAX_BODY_CHARS = 64 * 1024;

  HandlerResult readInbox(OperationContext context, JsonNode input) {
    ImapConfig config = ImapConfig.from(context.config());
    InboxQuery query = InboxQuery.from(config, input);
    try (MailboxConnection connection = MailboxConnection.open(context, config, Folder.READ_ONLY)) {
      return HandlerResult.of(InboxReader.read(connection, config.mailbox(), query));
    } catch (MessagingException e) {
      throw ImapFailures.classify(e);
    } catch (IOException e) {
      throw ImapFailures.classify(new MessagingException("reading a message failed", e));
    }
  }

  HandlerResult getMessage(OperationContext context, JsonNode input) {
    ImapConfig config = ImapConfig.from(context.config());
    long uid = input.path("uid").asLong();
    int maxBodyChars = input.path("maxBodyChars").asInt(DEFAULT_MAX_BODY_CHARS);
    try (MailboxConnection connection = MailboxConnection.open(context, config, Folder.READ_ONLY)) {
      long uidValidity = checkUidValidity(connection, input);
      Message message = visible(connection, config, uid);
      if (message == null) {
        throw ProviderException.permanentFailure("message_not_found", "no message with that UID in the mailbox",
            null);
      }
      return HandlerResult.of(MessageView.full(connection.uids(), uidValidity, message, maxBodyChars));
    } catch (MessagingException e) {
      throw ImapFailures.classify(e);
    } catch (IOException e) {
      throw ImapFailures.classify(new MessagingException("reading a message failed", e));
    }
  }

  /** Sets {@code \Seen}; already seen messages are flagged again, which changes nothing (idempotent). */
  HandlerResult markSeen(OperationContext context, JsonNode input) {
    ImapConfig config = ImapConfig.from(context.config());
    try (MailboxConnection connection = MailboxConnection.open(context, config, Folder.READ_WRITE)) {
      long uidValidity = checkUidValidity(connection, input);
      List<Message> found = new ArrayList<>();
      ObjectNode result = JsonNodeFactory.instance.objectNode();
      result.put("uidValidity", uidValidity);
      ArrayNode seen = result.putArray("seen");
      ArrayNode notFound = result.putArray("notFound");
      for (JsonNode uid : input.path("uids")) {
        Message message = visible(connection, config, uid.asLong());
        if (message == null) {
          notFound.add(uid.asLong());
        } else {
          found.add(message);
          seen.add(uid.asLong());
        }
      }
      if (!found.isEmpty()) {
        connection.folder().setFlags(found.toArray(Message[]::new), new Flags(Flags.Flag.SEEN), true);
      }
      return HandlerResult.of(result);
    } catch (MessagingException e) {
      throw ImapFailures.classify(e);
    }
  }

  /** The message with that UID if it exists, is not expunged and comes from an allowed sender; else null. */
  private static @Nullable Message visible(MailboxConnection connection, ImapConfig config, long uid)
      throws MessagingException {
    Message message = connection.uids().getMessageByUID(uid);
    if (message == null || message.isExpunged()) {
      return null;
    }
    return config.fromAllowlist().allows(MessageView.sender(message)) ? message : null;
  }

  /** The mailbox's UIDVALIDITY, after refusing a request made under another one. */
  private static long checkUidValidity(MailboxConnection connection, JsonNode input) throws MessagingException {
    long actual = connection.uidValidity();
    JsonNode expected = input.get("uidValidity");
    if (expected != null && expected.asLong() != actual) {
      throw ProviderException.permanentFailure("uid_validity_changed",
          "the mailbox's UIDVALIDITY changed: UIDs read before refer to other messages now; read the inbox again",
          null);
    }
    return actual;
  }
}
