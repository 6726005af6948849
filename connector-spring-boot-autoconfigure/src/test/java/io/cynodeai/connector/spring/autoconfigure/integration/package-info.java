/** Tests of the auto-configuration on a real embedded web server, over HTTP. */
@NullMarked
package io.cynodeai.connector.spring.autoconfigure.integration;

import org.jspecify.annotations.NullMarked;
