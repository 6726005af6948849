/** Actuator support: the engine's instances as a health indicator and as the {@code connectors} endpoint. */
@NullMarked
package io.cynodeai.connector.spring.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
