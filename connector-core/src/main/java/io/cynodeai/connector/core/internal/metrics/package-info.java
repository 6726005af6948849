/** SLO evaluation derived from the engine's audit events (§10.2, §10.3); meters are the connector-micrometer module's. */
@NullMarked
package io.cynodeai.connector.core.internal.metrics;

import org.jspecify.annotations.NullMarked;
