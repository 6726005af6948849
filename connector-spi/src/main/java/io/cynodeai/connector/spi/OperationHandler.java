package io.cynodeai.connector.spi;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Runs one operation against the provider.
 *
 * <p>Called by the engine on one of its worker threads (a virtual thread on Java 21+), once per attempt: a
 * retried call runs it again. The input has already been authorized and validated against the request
 * schema. It may block on I/O, must reach the network only through {@link OperationContext#network()}, and
 * should stop promptly when interrupted: the engine interrupts it when the operation's timeout expires and
 * has already answered the caller. It must not retry on its own (the engine does), must not log credentials,
 * and must be thread-safe, since calls run concurrently.
 */
@FunctionalInterface
public interface OperationHandler {

  /**
   * @return the provider's answer; never null (a null return is a permanent failure)
   * @throws ProviderException to report a classified provider failure; any other exception is classified
   *     as described on {@link ProviderException}
   */
  HandlerResult handle(OperationContext context, JsonNode input) throws Exception;
}
