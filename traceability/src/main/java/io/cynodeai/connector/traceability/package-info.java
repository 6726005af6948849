/** A build check that traces the specification's requirements to the tests that prove them. */
@NullMarked
package io.cynodeai.connector.traceability;

import org.jspecify.annotations.NullMarked;
