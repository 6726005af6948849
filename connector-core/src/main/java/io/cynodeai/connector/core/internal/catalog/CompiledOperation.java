package io.cynodeai.connector.core.internal.catalog;

import io.cynodeai.connector.core.internal.normalize.Redactor;
import io.cynodeai.connector.core.internal.schema.CompiledSchema;
import io.cynodeai.connector.spi.OperationDescriptor;
import io.cynodeai.connector.spi.OperationHandler;
import java.time.Duration;

/**
 * An operation with everything the pipeline needs precomputed once at registration: compiled schemas,
 * redaction rules, the effective timeout and response cap. Immutable.
 */
public record CompiledOperation(
    OperationDescriptor descriptor,
    OperationHandler handler,
    CompiledSchema requestSchema,
    CompiledSchema responseSchema,
    Redactor redactor,
    Duration effectiveTimeout,
    long responseCap,
    int maxRetries) {

  public String name() {
    return descriptor.name();
  }
}
