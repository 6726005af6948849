/** JMH benchmarks of sandboxed workers and bridged MCP servers, against in-process calls in the same run. */
@NullMarked
package io.cynodeai.connector.benchmarks.sandbox;

import org.jspecify.annotations.NullMarked;
