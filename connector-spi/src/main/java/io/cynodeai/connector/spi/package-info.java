/**
 * What a connector author implements: a {@link io.cynodeai.connector.spi.ConnectorProvider} found with
 * {@link java.util.ServiceLoader}, declaring a versioned {@link io.cynodeai.connector.spi.ConnectorType} whose
 * operations carry their schemas, limits, retry policy and handlers.
 */
@NullMarked
package io.cynodeai.connector.spi;

import org.jspecify.annotations.NullMarked;
