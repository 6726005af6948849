/** {@code connectorctl}: the command-line surface over an embedded engine's spec service. */
@NullMarked
package io.cynodeai.connector.cli;

import org.jspecify.annotations.NullMarked;
