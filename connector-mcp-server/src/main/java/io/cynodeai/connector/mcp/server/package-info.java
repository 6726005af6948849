/**
 * The standalone MCP server: {@code java -jar connector-mcp-server.jar}, the {@code connector-mcp} library's
 * server over stdio on an embedded engine with the connectors on its class path.
 */
@NullMarked
package io.cynodeai.connector.mcp.server;

import org.jspecify.annotations.NullMarked;
