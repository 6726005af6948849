/** The optional REST management surface: instances, specs, invoke and jobs for authenticated callers. */
@NullMarked
package io.cynodeai.connector.spring.autoconfigure.rest;

import org.jspecify.annotations.NullMarked;
