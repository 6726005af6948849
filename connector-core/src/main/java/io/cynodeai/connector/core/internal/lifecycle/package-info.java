/** The instance lifecycle: install, update, enable, disable, uninstall, health checks. */
@NullMarked
package io.cynodeai.connector.core.internal.lifecycle;

import org.jspecify.annotations.NullMarked;
