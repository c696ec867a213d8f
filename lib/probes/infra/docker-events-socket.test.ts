import { existsSync, mkdtempSync, rmSync, unlinkSync } from "node:fs";
import { createServer, type Server, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import Docker from "dockerode";
import { afterAll, describe, expect, it } from "vitest";
import { type EngineStatus, watchDockerEvents } from "@/lib/probes/infra/docker-events";

// A stand-in engine on a unix socket that speaks just /events, so that the engine can go away and come back
// (the real one is shared by every test on the machine). The client side is the real dockerode.
const dir = mkdtempSync(path.join(tmpdir(), "warroom-h2-engine-"));
const socketPath = path.join(dir, "docker.sock");

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function startEngine() {
  const streams = new Set<ServerResponse>();
  const queries: string[] = [];
  const server: Server = createServer((req, res) => {
    if (!req.url?.startsWith("/events")) {
      res.writeHead(404).end();
      return;
    }
    queries.push(decodeURIComponent(req.url));
    res.writeHead(200, { "content-type": "application/json" });
    res.flushHeaders();
    streams.add(res);
    res.on("close", () => streams.delete(res));
  });
  if (existsSync(socketPath)) unlinkSync(socketPath);
  return new Promise<{
    queries: string[];
    send: (action: string) => void;
    kill: () => Promise<void>;
  }>((resolve) => {
    server.listen(socketPath, () =>
      resolve({
        queries,
        send: (action) => {
          const line = JSON.stringify({
            Type: "container",
            Action: action,
            Actor: { ID: "f".repeat(64), Attributes: { name: "web-1" } },
            timeNano: Date.now() * 1e6,
          });
          for (const s of streams) s.write(`${line}\n`);
        },
        kill: () =>
          new Promise<void>((done) => {
            for (const s of streams) s.destroy();
            server.close(() => done());
            server.closeAllConnections();
          }),
      }),
    );
  });
}

async function until(what: string, fn: () => boolean, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!fn()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe("watchDockerEvents over a socket", () => {
  it("asks for container events, survives the engine going away, reconnects when it is back", async () => {
    let engine = await startEngine();
    const statuses: EngineStatus[] = [];
    const actions: string[] = [];
    const watch = watchDockerEvents({
      socketPath,
      docker: new Docker({ socketPath }),
      onEvent: (e) => actions.push(`${e.action} ${e.name}`),
      onStatus: (s) => statuses.push(s),
      initialBackoffMs: 20,
      maxBackoffMs: 100,
    });
    try {
      await until("connected", () => statuses.length === 1);
      expect(engine.queries[0]).toContain('"type":["container"]');
      expect(engine.queries[0]).toContain(
        '"event":["die","stop","start","health_status","kill","oom","destroy","restart"]',
      );
      engine.send("die");
      await until("event", () => actions.length === 1);
      expect(actions).toEqual(["die web-1"]);

      await engine.kill();
      await until("down", () => statuses.length === 2);
      expect(statuses[1]?.kind).toBe("down");
      await new Promise((r) => setTimeout(r, 400)); // several refused retries, no more reports
      expect(statuses).toHaveLength(2);
      expect(statuses[1]?.kind === "down" && statuses[1].reason).toMatch(
        /unix:\/\/.*docker\.sock.*(ECONNRESET|ENOENT|ECONNREFUSED|closed its event stream)/,
      );

      engine = await startEngine();
      await until("connected again", () => statuses.length === 3);
      expect(statuses[2]).toEqual({ kind: "connected" });
      engine.send("start");
      await until("event after reconnect", () => actions.length === 2);
      expect(actions[1]).toBe("start web-1");
    } finally {
      watch.stop();
      await engine.kill();
    }
  });
});
