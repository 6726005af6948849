package io.cynodeai.connector.reference.imap;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A {@code readInbox} request, read from JSON the engine validated against its request schema.
 *
 * @param senders the instance's allowlist narrowed by the request's
 * @param since only messages received at or after this instant, if set
 * @param unseenOnly only messages without {@code \Seen}
 * @param limit at most this many messages
 * @param beforeUid only UIDs below this one (paging), if set
 * @param snippetChars the snippet length
 */
record InboxQuery(SenderFilter senders, @Nullable Instant since, boolean unseenOnly, int limit,
    @Nullable Long beforeUid, int snippetChars) {
  static final int DEFAULT_LIMIT = 20;
  static final int DEFAULT_SNIPPET_CHARS = 200;

  static InboxQuery from(ImapConfig config, JsonNode input) {
    SenderFilter requested = SenderFilter.of(ImapConfig.strings(input.path("fromAllowlist")));
    JsonNode since = input.get("since");
    JsonNode before = input.get("beforeUid");
    return new InboxQuery(config.fromAllowlist().and(requested),
        since == null ? null : java.time.OffsetDateTime.parse(since.asText()).toInstant(),
        input.path("unseenOnly").asBoolean(false), input.path("limit").asInt(DEFAULT_LIMIT),
        before == null ? null : before.asLong(), input.path("snippetChars").asInt(DEFAULT_SNIPPET_CHARS));
  }
}
