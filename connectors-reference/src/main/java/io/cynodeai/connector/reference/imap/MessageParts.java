package io.cynodeai.connector.reference.imap;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.ParseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Walks a message's MIME tree without loading what it does not need: the first text part (plain preferred to
 * HTML) is read only up to the cap, through IMAP partial fetches, and attachments are described, never read.
 * Stateless.
 */
final class MessageParts {
  private static final int MAX_DEPTH = 8;

  private MessageParts() {}

  /** A text part's start: {@code truncated} when the part had more than was read. */
  record Text(@Nullable String contentType, String text, boolean truncated) {
    static final Text NONE = new Text(null, "", false);
  }

  /** An attachment as listed: its name, base content type and encoded size when known. */
  record Attachment(@Nullable String filename, String contentType, @Nullable Integer size) {}

  /** The first text/plain part, else the first text/html part, read up to {@code maxChars}. */
  static Text text(Part message, int maxChars) throws MessagingException, IOException {
    Part plain = find(message, "text/plain", 0);
    Part chosen = plain != null ? plain : find(message, "text/html", 0);
    if (chosen == null) {
      return Text.NONE;
    }
    String type = baseType(chosen);
    if (maxChars == 0) {
      return new Text(type, "", chosen.getSize() != 0);
    }
    try (InputStream in = chosen.getInputStream();
        Reader reader = new InputStreamReader(in, charset(chosen))) {
      char[] buffer = new char[maxChars + 1];
      int read = 0;
      for (int n; read < buffer.length && (n = reader.read(buffer, read, buffer.length - read)) > 0; ) {
        read += n;
      }
      boolean truncated = read > maxChars;
      return new Text(type, new String(buffer, 0, Math.min(read, maxChars)), truncated);
    }
  }

  /** The parts that are attachments: an attachment disposition, or a file name on a non-text part. */
  static List<Attachment> attachments(Part message) throws MessagingException {
    List<Attachment> found = new ArrayList<>();
    collect(message, found, 0);
    return found;
  }

  private static void collect(Part part, List<Attachment> found, int depth) throws MessagingException {
    Multipart multipart = multipart(part);
    if (multipart != null && depth < MAX_DEPTH) {
      for (int i = 0; i < multipart.getCount(); i++) {
        collect(multipart.getBodyPart(i), found, depth + 1);
      }
      return;
    }
    if (depth > 0 && isAttachment(part)) {
      int size = part.getSize();
      found.add(new Attachment(MessageView.eightBit(part.getFileName()), baseType(part), size < 0 ? null : size));
    }
  }

  private static boolean isAttachment(Part part) throws MessagingException {
    return Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())
        || (part.getFileName() != null && !part.isMimeType("text/*"));
  }

  private static @Nullable Part find(Part part, String mimeType, int depth) throws MessagingException {
    Multipart multipart = multipart(part);
    if (multipart != null) {
      for (int i = 0; i < multipart.getCount() && depth < MAX_DEPTH; i++) {
        BodyPart child = multipart.getBodyPart(i);
        Part hit = find(child, mimeType, depth + 1);
        if (hit != null) {
          return hit;
        }
      }
      return null;
    }
    return part.isMimeType(mimeType) && !Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition()) ? part : null;
  }

  /** The part's multipart content, or null. Reading the structure of an IMAP message costs no body fetch. */
  private static @Nullable Multipart multipart(Part part) throws MessagingException {
    if (!part.isMimeType("multipart/*")) {
      return null;
    }
    try {
      return part.getContent() instanceof Multipart m ? m : null;
    } catch (IOException e) {
      throw new MessagingException("multipart structure unreadable", e);
    }
  }

  private static String baseType(Part part) throws MessagingException {
    try {
      return new ContentType(part.getContentType()).getBaseType().toLowerCase(Locale.ROOT);
    } catch (ParseException e) {
      return "application/octet-stream";
    }
  }

  private static Charset charset(Part part) throws MessagingException {
    try {
      String name = new ContentType(part.getContentType()).getParameter("charset");
      return name == null ? StandardCharsets.UTF_8 : Charset.forName(name.trim());
    } catch (ParseException | IllegalArgumentException e) {
      return StandardCharsets.UTF_8;
    }
  }
}
