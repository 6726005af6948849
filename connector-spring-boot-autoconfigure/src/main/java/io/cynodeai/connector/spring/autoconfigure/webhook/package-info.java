/** The engine's webhook gateway mounted on the application's Spring MVC or WebFlux server. */
@NullMarked
package io.cynodeai.connector.spring.autoconfigure.webhook;

import org.jspecify.annotations.NullMarked;
