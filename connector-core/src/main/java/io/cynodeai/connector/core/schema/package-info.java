/**
 * The engine's JSON Schema validation and JSON measures, public for tools that must judge documents exactly as
 * the engine does (the certification kit, a host's own checks).
 */
@NullMarked
package io.cynodeai.connector.core.schema;

import org.jspecify.annotations.NullMarked;
