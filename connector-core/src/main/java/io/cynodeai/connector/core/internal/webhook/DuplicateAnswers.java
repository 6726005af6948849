package io.cynodeai.connector.core.internal.webhook;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.webhook.WebhookResult;
import io.cynodeai.connector.spi.webhook.InboundEvent;
import io.cynodeai.connector.spi.webhook.ParsedDelivery;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The answers to signed messages this node delivered, so a redelivery the store reports as a duplicate is
 * answered (its event ids and the connector's reply, as a parse would give them) without parsing the body
 * again. Bounded ({@link #MAX_ANSWERS}) and kept no longer than the store's deduplication time to live; a
 * message another node delivered is not here and is parsed for its answer. Thread-safe.
 */
final class DuplicateAnswers {
  /** At most this many answers are kept. */
  static final int MAX_ANSWERS = 10_000;

  private record Answer(List<String> eventIds, @Nullable JsonNode reply) {}

  private record Key(String instanceId, String subscription, String messageKey) {}

  private final Cache<Key, Answer> answers;

  DuplicateAnswers(Duration ttl) {
    this.answers = Caffeine.newBuilder().maximumSize(MAX_ANSWERS).expireAfterWrite(ttl).executor(Runnable::run)
        .build();
  }

  /** Keeps the answer to a delivered message ({@link ParsedDelivery} already copied its reply). */
  void remember(String instanceId, String subscription, String messageKey, ParsedDelivery parsed) {
    answers.put(key(instanceId, subscription, messageKey),
        new Answer(parsed.events().stream().map(InboundEvent::id).toList(), parsed.reply()));
  }

  /** The duplicate answer to a message this node delivered, or null. */
  WebhookResult.@Nullable Duplicate answer(String instanceId, String subscription, String messageKey) {
    Answer answer = answers.getIfPresent(key(instanceId, subscription, messageKey));
    return answer == null ? null : new WebhookResult.Duplicate(answer.eventIds(), answer.reply());
  }

  private static Key key(String instanceId, String subscription, String messageKey) {
    return new Key(instanceId, subscription, messageKey);
  }
}
