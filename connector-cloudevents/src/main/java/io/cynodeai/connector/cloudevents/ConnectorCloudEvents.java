package io.cynodeai.connector.cloudevents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.jackson.JsonFormat;
import io.cynodeai.connector.api.webhook.CanonicalEvent;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The engine's canonical inbound events as CloudEvents 1.0 (structured JSON mode), with these conventions:
 *
 * <ul>
 *   <li>{@code id}: the provider's event id (the engine's deduplication key);
 *   <li>{@code source}: {@code /connectors/instances/<instance>/subscriptions/<subscription>}, so that {@code
 *       source + id} is unique, as the specification requires;
 *   <li>{@code type}: {@code io.cynodeai.connector.<connector type>.<event type>} (reverse-DNS, as recommended),
 *       for example {@code io.cynodeai.connector.mattermost.message.posted};
 *   <li>{@code subject}: not set (the event type names what happened; its object is in {@code data});
 *   <li>{@code time}: when the provider says it happened, else when the host received it;
 *   <li>{@code datacontenttype} {@code application/json}, {@code data} the event's redacted payload;
 *   <li>extensions {@code connectorinstance}, {@code connectortype}, {@code subscription}, {@code receivedat}
 *       (RFC 3339) and {@code redactions} (the redacted JSON Pointers, comma-separated) when any.
 * </ul>
 *
 * <p>{@link #subscriber} adapts a host's CloudEvents consumer to {@code WebhookConfig.builder(..)}. Stateless and
 * thread-safe.
 */
public final class ConnectorCloudEvents {
  /** The prefix of every {@code type} this library emits. */
  public static final String TYPE_PREFIX = "io.cynodeai.connector.";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final EventFormat FORMAT = new JsonFormat();

  private ConnectorCloudEvents() {}

  /** The CloudEvent of one canonical inbound event. */
  public static CloudEvent of(CanonicalEvent event) {
    Objects.requireNonNull(event, "event");
    CloudEventBuilder builder = CloudEventBuilder.v1()
        .withId(event.eventId())
        .withSource(URI.create("/connectors/instances/" + segment(event.instanceId()) + "/subscriptions/"
            + segment(event.subscription())))
        .withType(TYPE_PREFIX + event.connectorType() + "." + event.type())
        .withTime((event.occurredAt() != null ? event.occurredAt() : event.receivedAt()).atOffset(ZoneOffset.UTC))
        .withDataContentType("application/json")
        .withData(bytes(event))
        .withExtension("connectorinstance", event.instanceId())
        .withExtension("connectortype", event.connectorType())
        .withExtension("subscription", event.subscription())
        .withExtension("receivedat", event.receivedAt().toString());
    if (!event.redactionsApplied().isEmpty()) {
      builder.withExtension("redactions", String.join(",", event.redactionsApplied()));
    }
    return builder.build();
  }

  /** The event in structured JSON mode ({@code application/cloudevents+json}), UTF-8. */
  public static byte[] toJson(CloudEvent event) {
    return FORMAT.serialize(event);
  }

  /** The event in structured JSON mode, as text. */
  public static String toJsonString(CloudEvent event) {
    return new String(toJson(event), StandardCharsets.UTF_8);
  }

  /** A consumer of canonical events that hands the host each one as a CloudEvent. */
  public static Consumer<CanonicalEvent> subscriber(Consumer<CloudEvent> host) {
    Objects.requireNonNull(host, "host");
    return event -> host.accept(of(event));
  }

  private static byte[] bytes(CanonicalEvent event) {
    try {
      return JSON.writeValueAsBytes(event.data());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("event data not serializable", e);
    }
  }

  /** A path segment: characters a URI path cannot hold as they are are percent-encoded. */
  static String segment(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~".indexOf(c) >= 0) {
        out.append(c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
