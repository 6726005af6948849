/** Declarative connector specs (§19): the desired-state documents and the service that applies them. */
@NullMarked
package io.cynodeai.connector.api.spec;

import org.jspecify.annotations.NullMarked;
