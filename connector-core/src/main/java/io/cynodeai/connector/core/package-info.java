/** The engine's entry point: {@link io.cynodeai.connector.core.ConnectorEngines#builder()}. */
@NullMarked
package io.cynodeai.connector.core;

import org.jspecify.annotations.NullMarked;
