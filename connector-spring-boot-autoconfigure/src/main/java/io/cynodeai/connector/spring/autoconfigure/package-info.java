/** Spring Boot auto-configuration of one {@code ConnectorEngine} from the application context. */
@NullMarked
package io.cynodeai.connector.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
