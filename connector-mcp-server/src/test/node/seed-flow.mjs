// Drives the MCP server jar with the official MCP TypeScript SDK client over stdio and prints one JSON document
// describing what the client saw. Usage: node seed-flow.mjs <java> <jar> <state-dir> <seed-spec> <http-spec>
import { readFileSync } from "node:fs";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { LoggingMessageNotificationSchema } from "@modelcontextprotocol/sdk/types.js";

const [java, jar, stateDir, seedFile, httpFile] = process.argv.slice(2);
const transport = new StdioClientTransport({
  command: java,
  args: ["-jar", jar, "--state-dir", stateDir, "--user", "alice", "--egress", "loopback"],
  stderr: "ignore",
});
const client = new Client({ name: "ts-sdk-seed-flow", version: "1.0.0" });
const logs = [];
client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => logs.push(n.params));
await client.connect(transport);

const out = { server: client.getServerVersion(), capabilities: client.getServerCapabilities() };
out.tools = (await client.listTools()).tools.map((t) => ({ name: t.name, action: t._meta?.["cynodeai.io/action"] }));
out.resources = (await client.listResources()).resources.map((r) => r.uri);
await client.setLoggingLevel("info");

const call = async (name, args, extra) => {
  const r = await client.callTool({ name, arguments: args }, undefined, extra);
  return { isError: r.isError === true, structured: r.structuredContent };
};
const seed = readFileSync(seedFile, "utf8");
const http = readFileSync(httpFile, "utf8");
out.discover = await call("connector_discover", { type: "imap" });
out.validate = await call("connector_spec_validate", { spec: seed });
out.diff = await call("connector_spec_diff", { spec: seed });
let progress = 0;
out.apply = await call("connector_spec_apply", { spec: seed + "---\n" + http }, { onprogress: () => progress++ });
out.applyProgress = progress;
out.status = await call("connector_instance_status_get", { name: "ops-mail" });
out.invokeSeed = await call("connector_op_invoke", { instance: "ops-mail", operation: "readInbox", input: {} });
out.invokeHttp = await call("connector_op_invoke", { instance: "inventory", operation: "get", input: { path: "/status" } });
out.unknownArgument = await call("connector_spec_list", { verbose: true });
out.logs = logs;
await client.close();
process.stdout.write(JSON.stringify(out) + "\n");
