import { rm } from "node:fs/promises";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PlannedStep } from "@/lib/model/rollback";
import { runStep } from "@/lib/rollback/run-step";

describe("a Docker engine that never answers", () => {
  let server: Server;
  const sockets = new Set<Socket>();
  const socketPath = join(tmpdir(), `warroom-hang-${process.pid}.sock`);
  beforeAll(async () => {
    // Accepts every connection and never answers: a hung engine.
    server = createServer((socket) => {
      sockets.add(socket);
    });
    await new Promise<void>((r) => server.listen(socketPath, r));
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
    await rm(socketPath, { force: true });
  });

  it("each step fails within its bound, naming the call", async () => {
    const hung = new Docker({ socketPath });
    const target = {
      project: "hung",
      services: [{ service: "api", container: "hung-api-1", repo: null }],
      rollbackStatePath: "",
      apiUrl: "http://127.0.0.1:9",
      healthTimeoutMs: 1000,
      stopTimeoutS: 1,
      engineCallMs: 300,
      verify: [],
      manual: [],
    };
    const stop: PlannedStep = {
      name: "stop api",
      command: "",
      kind: "stop",
      args: { container: "hung-api-1" },
    };
    const started = Date.now();
    await expect(
      runStep(hung, target, stop, "run", () => undefined, new AbortController().signal),
    ).rejects.toThrow(/docker inspect hung-api-1: no answer from the Docker engine within 0.3 s/);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
