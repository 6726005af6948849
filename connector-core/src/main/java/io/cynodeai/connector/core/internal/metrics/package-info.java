/** Metrics (through Micrometer) and SLO evaluation derived from the engine's audit events (§10.2). */
@NullMarked
package io.cynodeai.connector.core.internal.metrics;

import org.jspecify.annotations.NullMarked;
