/** Audit sinks shipped with the engine: structured JSON lines through SLF4J, and an in-memory recorder. */
@NullMarked
package io.cynodeai.connector.core.audit;

import org.jspecify.annotations.NullMarked;
