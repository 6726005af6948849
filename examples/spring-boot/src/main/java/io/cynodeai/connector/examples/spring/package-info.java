/** A Spring Boot application whose engine comes from the connector starter and a few properties. */
@NullMarked
package io.cynodeai.connector.examples.spring;

import org.jspecify.annotations.NullMarked;
