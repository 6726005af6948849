/** CloudEvents 1.0 at the engine's edges: inbound events and audit events in the CNCF's envelope. */
@NullMarked
package io.cynodeai.connector.cloudevents;

import org.jspecify.annotations.NullMarked;
