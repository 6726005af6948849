/** Helpers for connectors of JSON-over-HTTP APIs: capped reads, JSON parsing and failure classification. */
@NullMarked
package io.cynodeai.connector.spi.http;

import org.jspecify.annotations.NullMarked;
