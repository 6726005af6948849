/** The engine's poller for polling connector types (§11): single polls, the schedule, cursors. */
@NullMarked
package io.cynodeai.connector.core.internal.poll;

import org.jspecify.annotations.NullMarked;
