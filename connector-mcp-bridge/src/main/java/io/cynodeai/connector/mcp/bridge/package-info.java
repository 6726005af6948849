/** Any MCP server (stdio) as a governed connector type: {@link io.cynodeai.connector.mcp.bridge.McpServerConnectors}. */
@NullMarked
package io.cynodeai.connector.mcp.bridge;

import org.jspecify.annotations.NullMarked;
