/** Invocation rate limits (§6): token buckets per user, project and instance, and provider quota state. */
@NullMarked
package io.cynodeai.connector.core.ratelimit;

import org.jspecify.annotations.NullMarked;
