/** The connector instance model (§4) and the lifecycle a host drives: install, enable, disable, uninstall. */
@NullMarked
package io.cynodeai.connector.api.instance;

import org.jspecify.annotations.NullMarked;
