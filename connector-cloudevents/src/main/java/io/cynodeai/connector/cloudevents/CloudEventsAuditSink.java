package io.cynodeai.connector.cloudevents;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.audit.AuditSink;
import io.cynodeai.connector.core.audit.Slf4jJsonAuditSink;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Emits the audit stream as CloudEvents 1.0: each {@link AuditEvent} becomes one CloudEvent with a fresh random
 * {@code id}, the host's {@code source} (say {@code /engines/node-1}), {@code type} {@code
 * io.cynodeai.connector.audit.<event type>} ({@code invocation}, {@code lifecycle}, ...), {@code subject} the
 * connector instance when there is one, {@code time} the event's timestamp, and {@code data} the same JSON the
 * SLF4J sink writes (the §10 fields, never secrets or payloads). Extensions {@code action}, {@code outcome} and,
 * when set, {@code requestid} let a router filter without parsing {@code data}. Thread-safe when {@code
 * consumer} is; like every sink it must not block for long.
 */
public final class CloudEventsAuditSink implements AuditSink {
  private final URI source;
  private final Consumer<CloudEvent> consumer;

  public CloudEventsAuditSink(URI source, Consumer<CloudEvent> consumer) {
    this.source = Objects.requireNonNull(source, "source");
    this.consumer = Objects.requireNonNull(consumer, "consumer");
  }

  /** The CloudEvent of one audit event, with {@code source}. */
  public static CloudEvent of(URI source, AuditEvent event) {
    CloudEventBuilder builder = CloudEventBuilder.v1()
        .withId(UUID.randomUUID().toString())
        .withSource(source)
        .withType(ConnectorCloudEvents.TYPE_PREFIX + "audit." + event.type().name().toLowerCase(Locale.ROOT))
        .withTime(event.timestamp().atOffset(ZoneOffset.UTC))
        .withDataContentType("application/json")
        .withData(Slf4jJsonAuditSink.toJson(event).getBytes(StandardCharsets.UTF_8))
        .withExtension("action", event.action())
        .withExtension("outcome", event.outcome());
    if (event.connectorInstanceId() != null) {
      builder.withSubject(event.connectorInstanceId());
    }
    if (event.requestId() != null) {
      builder.withExtension("requestid", event.requestId());
    }
    return builder.build();
  }

  @Override
  public void record(AuditEvent event) {
    consumer.accept(of(source, event));
  }
}
