/** Runnable programs that host connectors in an engine, each named after the task it shows. */
@NullMarked
package io.cynodeai.connector.examples;

import org.jspecify.annotations.NullMarked;
