/** Async jobs (§2.2): their states, records, attempt history, the host-facing job service and its listener. */
@NullMarked
package io.cynodeai.connector.api.job;

import org.jspecify.annotations.NullMarked;
