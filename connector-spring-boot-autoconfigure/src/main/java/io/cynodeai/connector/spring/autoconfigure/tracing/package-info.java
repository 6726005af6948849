/** The engine's spans to the application's OpenTelemetry, when it has both the module and the bean. */
@NullMarked
package io.cynodeai.connector.spring.autoconfigure.tracing;

import org.jspecify.annotations.NullMarked;
