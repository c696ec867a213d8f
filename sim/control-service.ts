import { createServer } from "node:http";
import { type ControlContext, respondToControlRequest } from "./control-routes";
import { createSwitchableServer } from "./switchable-server";

export type ControlService = { readonly port: number; stop: () => Promise<void> };

export async function startControlService(port: number, ctx: ControlContext): Promise<ControlService> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://sim.local").pathname;
    // The body is ignored: the method and path say everything.
    req.resume();
    void respondToControlRequest({ method: req.method ?? "GET", path }, ctx).then((r) => {
      res.writeHead(r.status, r.headers).end(r.body);
    });
  });
  const control = createSwitchableServer(server, port, "control");
  await control.open();
  return {
    get port() {
      return control.port;
    },
    stop: () => control.close(),
  };
}
