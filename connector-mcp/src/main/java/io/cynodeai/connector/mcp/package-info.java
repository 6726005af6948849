/** An MCP server exposing an engine's declarative spec, status and invoke surface as tools (§19.9). */
@NullMarked
package io.cynodeai.connector.mcp;

import org.jspecify.annotations.NullMarked;
