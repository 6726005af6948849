package io.cynodeai.connector.reference.imap;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An instance's configuration, read from the JSON the engine validated against {@code config.schema.json}.
 *
 * @param host the IMAP server
 * @param port its port (993 with TLS, 143 without, unless configured)
 * @param tls implicit TLS (IMAPS) with certificate and host name validation
 * @param starttls a plain connection upgraded with STARTTLS before the login (required: a server that does not
 *     offer it is not logged in to); never together with {@code tls}
 * @param mailbox the folder to read
 * @param fromAllowlist the only senders ever shown; empty: every sender
 */
record ImapConfig(String host, int port, boolean tls, boolean starttls, String mailbox,
    SenderFilter fromAllowlist) {

  ImapConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(mailbox, "mailbox");
    Objects.requireNonNull(fromAllowlist, "fromAllowlist");
  }

  /** Reads a validated configuration. */
  static ImapConfig from(JsonNode config) {
    boolean starttls = config.path("starttls").asBoolean(false);
    boolean tls = config.path("tls").asBoolean(!starttls);
    int port = config.path("port").asInt(tls ? 993 : 143);
    return new ImapConfig(config.path("host").asText(), port, tls, starttls, config.path("mailbox").asText("INBOX"),
        SenderFilter.of(strings(config.path("filter").path("fromAllowlist"))));
  }

  static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }
}
