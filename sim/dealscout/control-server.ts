import { createServer, type Server } from "node:http";

/**
 * A fault switch over HTTP for a process inside a Deal Scout container: `PUT /faults/<name>` on,
 * `DELETE` off, `GET /faults` the state. Only names the process knows are accepted.
 */
export function startControl(
  port: number,
  faults: Record<string, boolean>,
  onChange: (name: string, on: boolean) => Promise<void> | void,
): Promise<Server> {
  const server = createServer((req, res) => {
    const send = (status: number, body: unknown) =>
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    const path = new URL(req.url ?? "/", "http://control.local").pathname;
    if (req.method === "GET" && (path === "/faults" || path === "/health")) return send(200, { faults });
    const name = path.startsWith("/faults/") ? path.slice("/faults/".length) : "";
    if (!(name in faults)) {
      return send(404, { detail: `Unknown fault "${name}". Known: ${Object.keys(faults).join(", ")}` });
    }
    const on = req.method === "PUT" || req.method === "POST";
    if (!on && req.method !== "DELETE") return send(405, { detail: "PUT, POST or DELETE" });
    Promise.resolve(onChange(name, on))
      .then(() => {
        faults[name] = on;
        send(200, { fault: name, on, faults });
      })
      .catch((err: unknown) => send(500, { detail: String(err), faults }));
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}
