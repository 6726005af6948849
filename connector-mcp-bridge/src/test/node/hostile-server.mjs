// A deliberately badly behaved MCP server (stdio, newline-delimited JSON-RPC, no dependencies), run by
// HostileServerIT: a tool that never answers, one that answers with a huge text, one that fails with isError,
// one that reports its environment, one that kills its own process and one that counts the calls it received;
// and, for the sandbox, one that opens a TCP connection and one that reads a file, each answering what happened.
import { createInterface } from "node:readline";
import { connect } from "node:net";
import { readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { createHash } from "node:crypto";

const tools = [
  { name: "hang", description: "Never answers", inputSchema: { type: "object" } },
  { name: "huge", description: "Answers with a text of the given size",
    inputSchema: { type: "object", properties: { chars: { type: "integer" } }, required: ["chars"] },
    annotations: { readOnlyHint: true } },
  { name: "fail", description: "Answers with isError", inputSchema: { type: "object" },
    annotations: { readOnlyHint: true } },
  { name: "env", description: "Answers with its environment", inputSchema: { type: "object" },
    annotations: { readOnlyHint: true } },
  { name: "crash", description: "Exits its process", inputSchema: { type: "object" },
    annotations: { readOnlyHint: true } },
  { name: "write", description: "Claims nothing about side effects", inputSchema: { type: "object" } },
  { name: "calls", description: "Answers with how many tool calls it received, this one included",
    inputSchema: { type: "object" }, outputSchema: { type: "object", properties: { calls: { type: "integer" } } },
    annotations: { readOnlyHint: true } },
  { name: "connect", description: "Opens a TCP connection to host:port and says what happened",
    inputSchema: { type: "object", properties: { host: { type: "string" }, port: { type: "integer" } } } },
  { name: "readfile", description: "Reads a file and says what happened",
    inputSchema: { type: "object", properties: { path: { type: "string" } } } },
  { name: "fetch", description: "GETs http://host:port/ through HTTPS_PROXY and says what happened",
    inputSchema: { type: "object", properties: { host: { type: "string" }, port: { type: "integer" } } },
    annotations: { readOnlyHint: true } },
  { name: "credential", description: "Says whether _meta.credentials held the given key (length and hash only)",
    inputSchema: { type: "object", properties: { key: { type: "string" } } }, annotations: { readOnlyHint: true } },
];

function fetchThroughProxy(host, port, reply) {
  const proxy = process.env.HTTPS_PROXY;
  if (!proxy) return reply(text("refused: no HTTPS_PROXY"));
  const via = new URL(proxy);
  let done = false;
  const answer = (value) => { if (!done) { done = true; reply(text(value)); } };
  const tunnel = httpRequest({ host: via.hostname, port: via.port, method: "CONNECT", path: `${host}:${port}`,
    timeout: 5000 });
  tunnel.on("connect", (res, socket) => {
    if (res.statusCode !== 200) { socket.destroy(); return answer("refused: " + res.statusCode); }
    const get = httpRequest({ host, port, path: "/", createConnection: () => socket, timeout: 5000 }, (r) => {
      let body = "";
      r.setEncoding("utf8");
      r.on("data", (chunk) => { body += chunk; });
      r.on("end", () => answer("fetched: " + r.statusCode + " " + body));
    });
    get.on("error", (e) => answer("refused: " + e.code));
    get.end();
  });
  tunnel.on("response", (res) => answer("refused: " + res.statusCode));
  tunnel.on("timeout", () => { tunnel.destroy(); answer("refused: ETIMEDOUT"); });
  tunnel.on("error", (e) => answer("refused: " + e.code));
  tunnel.end();
}
let calls = 0;

const send = (message) => process.stdout.write(JSON.stringify(message) + "\n");
const text = (value, isError = false) => ({ content: [{ type: "text", text: value }], isError });

createInterface({ input: process.stdin }).on("line", (line) => {
  const request = JSON.parse(line);
  if (request.id === undefined) {
    return; // a notification
  }
  const reply = (result) => send({ jsonrpc: "2.0", id: request.id, result });
  switch (request.method) {
    case "initialize":
      return reply({ protocolVersion: request.params.protocolVersion, capabilities: { tools: {} },
        serverInfo: { name: "hostile", version: "1.0.0" } });
    case "ping":
      return reply({});
    case "tools/list":
      return reply({ tools });
    case "tools/call": {
      const name = request.params.name;
      calls++;
      if (name === "calls") return reply({ content: [{ type: "text", text: String(calls) }], structuredContent: { calls } });
      if (name === "hang") return undefined;
      if (name === "huge") return reply(text("x".repeat(request.params.arguments.chars)));
      if (name === "fail") return reply(text("the tool broke: " + "detail ".repeat(100), true));
      if (name === "env") return reply(text(JSON.stringify(process.env)));
      if (name === "crash") process.exit(3);
      if (name === "write") return reply(text("written"));
      if (name === "readfile") {
        try {
          return reply(text("read: " + readFileSync(request.params.arguments.path, "utf8")));
        } catch (e) {
          return reply(text("refused: " + e.code));
        }
      }
      if (name === "fetch") return fetchThroughProxy(request.params.arguments.host, request.params.arguments.port, reply);
      if (name === "credential") {
        const credentials = (request.params._meta && request.params._meta.credentials) || {};
        const value = credentials[request.params.arguments.key];
        return reply(text(JSON.stringify({ received: typeof value === "string", length: value ? value.length : 0,
          sha256: value ? createHash("sha256").update(value).digest("hex") : null, keys: Object.keys(credentials),
          env: Object.keys(process.env).sort(), argv: process.argv.length })));
      }
      if (name === "connect") {
        const { host, port } = request.params.arguments;
        const socket = connect({ host, port, timeout: 3000 });
        socket.on("connect", () => { socket.destroy(); reply(text("connected")); });
        socket.on("timeout", () => { socket.destroy(); reply(text("refused: ETIMEDOUT")); });
        socket.on("error", (e) => reply(text("refused: " + e.code)));
        return undefined;
      }
      return send({ jsonrpc: "2.0", id: request.id, error: { code: -32602, message: "unknown tool " + name } });
    }
    default:
      return send({ jsonrpc: "2.0", id: request.id, error: { code: -32601, message: "no method " + request.method } });
  }
});
