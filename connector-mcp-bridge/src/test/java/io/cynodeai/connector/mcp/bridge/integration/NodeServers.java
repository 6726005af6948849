package io.cynodeai.connector.mcp.bridge.integration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The MCP servers the tests run with node: the reference server-everything, installed with npm from the
 * committed package.json and package-lock.json into target/mcp-servers, and the hostile script beside them.
 * Without node or npm the tests are skipped, except under {@code CI=true}, where they fail.
 */
final class NodeServers {
  static final Path DIR = Path.of("target", "mcp-servers").toAbsolutePath();

  private NodeServers() {
  }

  /** The path of server-everything's entry point, installed once per build. */
  static synchronized Path everything() throws Exception {
    copySources();
    Path entry = DIR.resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js");
    if (Files.isRegularFile(entry)) {
      return entry;
    }
    String problem;
    try {
      Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
          .directory(DIR.toFile()).redirectErrorStream(true).start();
      String log = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      boolean done = npm.waitFor(5, TimeUnit.MINUTES);
      problem = done && npm.exitValue() == 0 ? null : "npm ci failed: " + log;
    } catch (IOException e) {
      problem = "npm is not installed: " + e.getMessage();
    }
    if (problem == null && !Files.isRegularFile(entry)) {
      problem = "npm ci did not install " + entry;
    }
    unavailableIf(problem);
    return entry;
  }

  /** The path of the hostile server script. */
  static synchronized Path hostile() throws Exception {
    copySources();
    String problem = null;
    try {
      Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      node.getInputStream().readAllBytes();
      if (!node.waitFor(1, TimeUnit.MINUTES) || node.exitValue() != 0) {
        problem = "node --version failed";
      }
    } catch (IOException e) {
      problem = "node is not installed: " + e.getMessage();
    }
    unavailableIf(problem);
    return DIR.resolve("hostile-server.mjs");
  }

  private static void unavailableIf(String problem) {
    if (problem != null) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError("the MCP test servers could not be installed under CI: " + problem);
      }
      Assumptions.abort("the MCP test servers could not be installed: " + problem);
    }
  }

  private static void copySources() throws IOException {
    Files.createDirectories(DIR);
    for (String file : List.of("package.json", "package-lock.json", "hostile-server.mjs")) {
      Files.copy(Path.of("src", "test", "node", file), DIR.resolve(file), StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
