/** What a host sees: the engine, invocation requests, outcomes and the normalized response envelope. */
@NullMarked
package io.cynodeai.connector.api;

import org.jspecify.annotations.NullMarked;
