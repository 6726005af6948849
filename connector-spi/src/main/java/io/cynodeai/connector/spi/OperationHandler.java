package io.cynodeai.connector.spi;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Runs one operation against the provider.
 *
 * <p>Called by the engine once per attempt (a retried call runs it again): on one of its worker threads (a
 * virtual thread on Java 21+), or on the caller's own thread for a synchronous call of an operation declared
 * {@link OperationDescriptor#interruptible()}. The input has already been authorized and validated against the
 * request schema. It may block on I/O, must reach the network only through {@link OperationContext#network()},
 * and should stop promptly when interrupted: the engine interrupts it when the operation's timeout expires (on
 * a worker thread the caller has already been answered; on the caller's thread the answer waits for the
 * handler to give up). It must not retry on its own (the engine does), must not log credentials, must not leave
 * thread-locals set behind it, and must be thread-safe, since calls run concurrently.
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
