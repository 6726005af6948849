/** How the engine applies rate limits and provider quota state to an invocation. */
@NullMarked
package io.cynodeai.connector.core.internal.ratelimit;

import org.jspecify.annotations.NullMarked;
