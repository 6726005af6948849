/**
 * How an optional module plugs into the engine: an {@link io.cynodeai.connector.core.extension.EngineExtension}
 * added with {@code EngineBuilder.extension(..)} contributes through an {@link
 * io.cynodeai.connector.core.extension.ExtensionContext} at build time.
 */
@NullMarked
package io.cynodeai.connector.core.extension;

import org.jspecify.annotations.NullMarked;
