/** Polling connector instances for inbound events (§11): what a poll reports and what the host receives. */
@NullMarked
package io.cynodeai.connector.api.poll;

import org.jspecify.annotations.NullMarked;
