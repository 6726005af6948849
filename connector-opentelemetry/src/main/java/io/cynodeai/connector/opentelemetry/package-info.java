/** OpenTelemetry tracing of the engine's work: {@link io.cynodeai.connector.opentelemetry.OpenTelemetryTracing}. */
@NullMarked
package io.cynodeai.connector.opentelemetry;

import org.jspecify.annotations.NullMarked;
