/**
 * The webhook gateway (§11): verification of signatures and timestamps, sealed verification secrets,
 * subscription state (from specs or the store), deduplication and delivery in the canonical event format.
 */
@NullMarked
package io.cynodeai.connector.core.internal.webhook;

import org.jspecify.annotations.NullMarked;
