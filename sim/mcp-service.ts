import { createServer, type RequestListener } from "node:http";
import { json } from "./api-response";
import { createSwitchableServer } from "./switchable-server";

export type McpService = {
  readonly port: number;
  setDown: (down: boolean) => Promise<void>;
  requestCount: () => number;
  stop: () => Promise<void>;
};

/** The MCP server only has to be alive or not: GET /health answers {"status":"ok"}. */
export const handleMcpRequest: RequestListener = (req, res) => {
  const path = new URL(req.url ?? "/", "http://sim.local").pathname;
  const response =
    path === "/health" && (req.method === "GET" || req.method === "HEAD")
      ? json(200, { status: "ok" })
      : json(404, { detail: "Not Found" });
  res.writeHead(response.status, response.headers).end(response.body);
};

export async function startMcpService(port: number): Promise<McpService> {
  let served = 0;
  const server = createSwitchableServer(
    createServer((req, res) => {
      served += 1;
      handleMcpRequest(req, res);
    }),
    port,
    "MCP",
  );
  await server.open();
  const setDown = (down: boolean) => (down ? server.close() : server.open());
  return {
    get port() {
      return server.port;
    },
    setDown,
    requestCount: () => served,
    stop: () => server.close(),
  };
}
