/**
 * An MCP server library exposing an engine's declarative spec, instance, invoke, job and discovery surface as
 * tools and resources (§19.9), with a stdio transport that survives bad input. The runnable server is the
 * {@code connector-mcp-server} module.
 */
@NullMarked
package io.cynodeai.connector.mcp;

import org.jspecify.annotations.NullMarked;
