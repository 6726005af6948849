/** Micrometer metrics of the engine's work, as an engine extension: {@link io.cynodeai.connector.micrometer.MicrometerMetrics}. */
@NullMarked
package io.cynodeai.connector.micrometer;

import org.jspecify.annotations.NullMarked;
