package io.cynodeai.connector.core.observe;

import io.cynodeai.connector.api.Failed;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * One observed unit of work, from its start to its single {@link #end}. Thread-safe: an invocation's attempts
 * start on handler threads while the invocation runs on the caller's.
 */
public interface ObservedScope {

  /** The scope of no observer: every method does nothing, {@link #attempt} answers itself. */
  ObservedScope NONE = new ObservedScope() {};

  /** The {@code number}-th (1-based) attempt of this invocation to run its handler starts, as a child. */
  default ObservedScope attempt(int number) {
    return NONE;
  }

  /**
   * Headers to add to an outgoing HTTP request made while this scope runs (through the engine's guarded HTTP
   * client), such as the W3C {@code traceparent}; the engine calls {@code header} once per header.
   */
  default void outgoingHeaders(BiConsumer<String, String> header) {}

  /**
   * The work ended.
   *
   * @param failure why it failed, or null when it succeeded
   * @param providerStatus the provider's last HTTP status, if the work reached one
   * @param retries how many times it was retried (0 for the first try)
   */
  default void end(@Nullable Failed failure, @Nullable Integer providerStatus, int retries) {}
}
