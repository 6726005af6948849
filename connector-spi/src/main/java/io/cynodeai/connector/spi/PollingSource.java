package io.cynodeai.connector.spi;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How a connector type is polled for inbound events (§11): the interval between polls, the backoff after a
 * failed poll, and the poll itself, which reads everything new since a cursor. Declare it with {@link
 * ConnectorType.Builder#polling(PollingSource)}.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>Only the engine calls {@link #poll}: from its poller thread every {@link #interval()} for each active
 *       instance (when the host turned polling on), or on the host's thread through {@code
 *       ConnectorEngine.poll}. The engine never polls one instance twice at once; different instances may be
 *       polled concurrently, so an implementation must be thread-safe.
 *   <li>The cursor is the engine's to keep: it hands the last stored one (null the first time) and stores
 *       {@link PollResult#nextCursor()} durably in its {@code CursorStore} only after the events were delivered
 *       to the host. A poll must therefore be idempotent for the same cursor: polling again with a cursor whose
 *       result was not delivered must return those events again (at-least-once delivery).
 *   <li>A poll must not block past {@link ConnectorContext#deadline()}; the engine abandons it then and counts
 *       it as failed. It reaches credentials and the network only through the context.
 *   <li>A thrown exception (a {@link ProviderException} to classify it) fails the poll: the cursor stays, and
 *       the next poll comes after {@link #retryDelay(int)}.
 * </ul>
 */
public interface PollingSource {
  /** The operation name polls are governed under unless the source names another: {@value}. */
  String DEFAULT_OPERATION = "poll";

  /**
   * The operation name a poll is governed under (§9.2, §19.6): the name the host's policy sees in the {@code
   * operationName} of a host-requested poll, and the name a spec's {@code allowOperations}, {@code actionScope}
   * (a poll is a read) and {@code policyTemplate} judge for every poll, scheduled or requested. Default
   * {@value #DEFAULT_OPERATION}. A source whose poll reads what one of its type's operations reads may name
   * that operation (a mail poll reading the inbox as {@code readInbox} does), so a spec allowing the operation
   * allows the polling, and a spec not allowing it stops it.
   */
  default String operation() {
    return DEFAULT_OPERATION;
  }

  /** The pause between two successful polls of an instance. Positive. */
  Duration interval();

  /**
   * The longest pause after failed polls: the backoff is exponential (twice the interval after the first
   * failure, doubling with each further one) and capped here. Default: 32 times the interval, at most 1 h
   * (and never below the interval).
   */
  default Duration maxBackoff() {
    Duration cap = interval().multipliedBy(32);
    Duration hour = Duration.ofHours(1);
    return cap.compareTo(hour) > 0 ? (interval().compareTo(hour) > 0 ? interval() : hour) : cap;
  }

  /**
   * The pause before the next poll after {@code consecutiveFailures} failed polls in a row (0: the
   * {@link #interval()}): {@code interval * 2^failures}, capped at {@link #maxBackoff()}.
   */
  default Duration retryDelay(int consecutiveFailures) {
    Duration interval = interval();
    if (consecutiveFailures <= 0) {
      return interval;
    }
    Duration cap = maxBackoff();
    Duration delay = interval;
    for (int i = 0; i < consecutiveFailures && delay.compareTo(cap) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(cap) > 0 ? cap : delay;
  }

  /**
   * Reads what is new since {@code cursor}.
   *
   * @param context the instance's config, credentials, network and deadline, valid during this call only
   * @param cursor the stored cursor, or null when the instance has none yet
   * @return the events, the cursor to store once they are delivered, and notes for the host
   * @throws Exception when the poll fails; nothing is delivered and the cursor is kept
   */
  PollResult poll(ConnectorContext context, @Nullable String cursor) throws Exception;
}
