/**
 * YAML reading for spec and policy documents, an optional dependency of the engine: the only package that
 * names Jackson's YAML format and SnakeYAML, loaded only when a YAML document is read.
 */
@NullMarked
package io.cynodeai.connector.core.internal.yaml;

import org.jspecify.annotations.NullMarked;
