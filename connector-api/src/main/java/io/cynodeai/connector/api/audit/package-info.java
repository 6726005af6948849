/** Structured audit events (§10.1) and the sink interface hosts plug their audit backend into. */
@NullMarked
package io.cynodeai.connector.api.audit;

import org.jspecify.annotations.NullMarked;
