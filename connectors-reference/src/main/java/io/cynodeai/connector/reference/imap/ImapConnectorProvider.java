package io.cynodeai.connector.reference.imap;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.spi.ConnectorProvider;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.JsonResources;
import io.cynodeai.connector.spi.OperationDescriptor;
import io.cynodeai.connector.spi.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The {@code imap} connector type: reads one mailbox of an IMAP server and flags its messages seen.
 *
 * <ul>
 *   <li>{@code readInbox} lists the newest messages passing the instance's {@code filter.fromAllowlist} and the
 *       request's filters (senders, {@code since}, {@code unseenOnly}, {@code limit}, paging by UID), each with
 *       from, to, subject, date, Message-ID, flags, size and a capped text snippet. Retried on transient
 *       failures.
 *   <li>{@code getMessage} reads one message by UID: headers, the text body up to a cap, attachments listed
 *       (never inlined). Retried on transient failures.
 *   <li>{@code markSeen} sets {@code \Seen}: mutating, so the engine requires an idempotency key; setting a
 *       flag twice changes nothing, so it is retried on transient failures too.
 * </ul>
 *
 * <p>Polling (when the host turns it on): new messages since a UID cursor {@code "<uidValidity>:<lastUid>"},
 * passing {@code filter.fromAllowlist}, in {@code readInbox}'s shape; a changed UIDVALIDITY resets the cursor
 * and replays the mailbox, with a note saying so (see {@link ImapPolling}).
 *
 * Credentials are the lease's {@code username} and {@code password}; connections go only through the
 * instance's socket factory (the egress guard when the host configures one), with TLS validated against the
 * instance's trust store (the egress policy's, through {@code NetworkAccess.tlsSocketFactory()})
 * and the server's host name, by implicit TLS or required STARTTLS. A rejected login makes the instance
 * {@code credential_expired}; IMAP response codes (RFC 5530) tell a rejection from a server limit or outage.
 *
 * <p>Thread-safe and stateless: {@link #type()} builds a fresh descriptor, and every attempt opens and closes
 * its own connection.
 */
public final class ImapConnectorProvider implements ConnectorProvider {
  /** The connector type name. */
  public static final String TYPE = "imap";
  /** The connector type version. */
  public static final String VERSION = "1.0.0";
  /** The operation that reads the inbox; polls are governed under its name too. */
  public static final String READ_INBOX = "readInbox";
  /** The operations' timeout cap when none is given: 10 s. */
  public static final Duration DEFAULT_MAX_TIMEOUT = Duration.ofSeconds(10);
  /**
   * {@code getMessage}'s response cap: 1 MiB, the engine's default global cap. The largest body the request
   * schema allows ({@code maxBodyChars} 262,144) is 768 KiB of JSON when every character takes three UTF-8
   * bytes (CJK text, say), which leaves 256 KiB for the headers and the attachment list.
   */
  public static final int GET_MESSAGE_MAX_RESPONSE_BYTES = 1024 * 1024;
  /** The pause between polls of an instance when none is given: 1 min. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMinutes(1);

  private final Duration maxTimeout;
  private final Set<ImapRedaction> redactions;
  private final Duration pollInterval;

  /** The provider {@link java.util.ServiceLoader} creates: 10 s per operation, nothing redacted. */
  public ImapConnectorProvider() {
    this(DEFAULT_MAX_TIMEOUT, Set.of());
  }

  /**
   * A provider whose operations run for {@code maxTimeout} at most and whose answers have {@code redactions}
   * applied by the engine.
   *
   * @throws IllegalArgumentException if {@code maxTimeout} is not positive
   */
  public ImapConnectorProvider(Duration maxTimeout, Set<ImapRedaction> redactions) {
    this(maxTimeout, redactions, DEFAULT_POLL_INTERVAL);
  }

  /**
   * As {@link #ImapConnectorProvider(Duration, Set)}, with instances polled every {@code pollInterval} when
   * the host turns polling on.
   *
   * @throws IllegalArgumentException if a duration is not positive
   */
  public ImapConnectorProvider(Duration maxTimeout, Set<ImapRedaction> redactions, Duration pollInterval) {
    Objects.requireNonNull(maxTimeout, "maxTimeout");
    Objects.requireNonNull(pollInterval, "pollInterval");
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("pollInterval must be positive");
    }
    this.pollInterval = pollInterval;
    if (maxTimeout.isNegative() || maxTimeout.isZero()) {
      throw new IllegalArgumentException("maxTimeout must be positive");
    }
    this.maxTimeout = maxTimeout;
    this.redactions = Set.copyOf(redactions);
  }

  @Override
  public ConnectorType type() {
    ImapOperations operations = new ImapOperations();
    RetryPolicy retry = RetryPolicy.exponential(2).withDelays(Duration.ofMillis(100), Duration.ofSeconds(1));
    return ConnectorType.builder(TYPE, VERSION)
        .credentialKey("username", "the mailbox login name", true)
        .credentialKey("password", "the mailbox password (or an app password)", true)
        .description("Reads one mailbox of an IMAP server and flags its messages seen.")
        .configSchema("1", resource("config.schema.json"))
        .operation(operation(READ_INBOX, ImapRedaction::inboxPointers)
            .description("List the newest messages that pass the sender allowlist and the request's filters.")
            .mutating(false)
            .supportsIdempotency(false)
            .retry(retry)
            .handler(operations::readInbox))
        .operation(operation("getMessage", ImapRedaction::messagePointers)
            .description("Read one message by UID: headers, text body up to a cap, attachments listed.")
            .maxResponseBytes(GET_MESSAGE_MAX_RESPONSE_BYTES)
            .mutating(false)
            .supportsIdempotency(false)
            .retry(retry)
            .handler(operations::getMessage))
        .operation(operation("markSeen", r -> List.of())
            .description("Set the \\Seen flag on messages by UID; marking a seen message again changes nothing.")
            .mutating(true)
            .supportsIdempotency(true)
            .retry(retry)
            .handler(operations::markSeen))
        .healthCheck(new ImapHealthCheck())
        .polling(new ImapPolling(pollInterval))
        .build();
  }

  private OperationDescriptor.Builder operation(String name, Function<ImapRedaction, List<String>> pointers) {
    OperationDescriptor.Builder op = OperationDescriptor.builder(name)
        .modes(ExecutionMode.SYNC)
        .maxTimeout(maxTimeout)
        .requestSchema(resource(name + ".request.schema.json"))
        .responseSchema(resource(name + ".response.schema.json"))
        .examples(resource(name + ".examples.json"));
    for (ImapRedaction redaction : ImapRedaction.values()) {
      if (redactions.contains(redaction)) {
        pointers.apply(redaction).forEach(op::redact);
      }
    }
    return op;
  }

  private static JsonNode resource(String path) {
    return JsonResources.load(ImapConnectorProvider.class, path);
  }
}
