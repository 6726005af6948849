/** Feeding declarative connector specs to an engine: spec files, directories, and the GitOps-style reconciler. */
@NullMarked
package io.cynodeai.connector.core.spec;

import org.jspecify.annotations.NullMarked;
