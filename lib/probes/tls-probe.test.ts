import tls from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runProbe } from "@/lib/collector/run-probe";
import { checkSchema } from "@/lib/model/runbook-schema";
import {
  closedPort,
  type LocalServer,
  makeSelfSignedCert,
  startHttpServer,
  startTcpServer,
  waitFor,
} from "@/test/support/local-server";

const DAY = 86_400_000;
type TlsServer = { port: number; servernames: (string | false | null)[]; close: () => Promise<void> };
const servers: Record<string, TlsServer> = {};
let plain: LocalServer;
let hung: LocalServer;

async function startTlsServer(days: number): Promise<TlsServer> {
  const servernames: (string | false | null)[] = [];
  const server = tls.createServer(makeSelfSignedCert(days), (socket) => {
    servernames.push(socket.servername);
    socket.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no address");
  return {
    port: address.port,
    servernames,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

beforeAll(async () => {
  for (const days of [90, 20, 3, 30]) servers[days] = await startTlsServer(days);
  plain = await startHttpServer((_req, res) => res.end("plain"));
  hung = await startTcpServer();
});
afterAll(async () => {
  await Promise.all([...Object.values(servers).map((s) => s.close()), plain.close(), hung.close()]);
});

function tlsCheck(port: number, extra: Record<string, unknown> = {}) {
  return checkSchema.parse({
    id: "t",
    label: "t",
    kind: "tls",
    host: "127.0.0.1",
    port,
    servername: "localhost",
    ...extra,
  });
}
function portOf(days: number): number {
  const server = servers[days];
  if (!server) throw new Error(`no server for ${days} days`);
  return server.port;
}

type Case = {
  name: string;
  days: number;
  offsetDays?: number;
  level: string;
  summary: RegExp;
  min?: number;
  max?: number;
};
const CASES: Case[] = [
  {
    name: "90 days left",
    days: 90,
    level: "ok",
    summary: /^certificate for localhost valid 89\.9 more days \(until .+ GMT\)$/,
    min: 89.8,
    max: 90,
  },
  {
    name: "20 days left",
    days: 20,
    level: "warn",
    summary: /^certificate days left 19\.9 days < 30 days \(warning\)$/,
    min: 19.8,
    max: 20,
  },
  {
    name: "3 days left",
    days: 3,
    level: "crit",
    summary: /^certificate days left 2\.9 days < 7 days \(critical\)$/,
    min: 2.8,
    max: 3,
  },
  {
    name: "expired",
    days: 30,
    offsetDays: 31,
    level: "crit",
    summary: /^certificate from 127\.0\.0\.1:\d+ expired 1(\.\d)? days ago/,
    max: -0.9,
  },
  {
    name: "not yet valid",
    days: 30,
    offsetDays: -2,
    level: "crit",
    summary: /^certificate from 127\.0\.0\.1:\d+ is not valid before /,
  },
];

describe("tls probe", () => {
  it.each(CASES)("$name → $level", async ({ days, offsetDays, level, summary, min, max }) => {
    const now = () => Date.now() + (offsetDays ?? 0) * DAY;
    const reading = await runProbe(tlsCheck(portOf(days)), { timeoutMs: 3000, state: new Map(), now });
    expect(reading.level).toBe(level);
    expect(reading.summary).toMatch(summary);
    expect(reading.unit).toBe("days");
    if (min !== undefined) expect(reading.value).toBeGreaterThanOrEqual(min);
    if (max !== undefined) expect(reading.value).toBeLessThanOrEqual(max);
    expect(reading.evidence).toMatchObject({
      subject: "localhost",
      issuer: "localhost",
      trusted: false,
      servername: "localhost",
    });
    expect(reading.evidence.trustError).toMatch(/SELF_SIGNED|self.signed/i);
  });

  it("sends the configured servername, and none for a bare IP", async () => {
    const server = servers[90];
    if (!server) throw new Error("no server");
    server.servernames.length = 0;
    await runProbe(tlsCheck(server.port), { timeoutMs: 3000, state: new Map() });
    await runProbe(tlsCheck(server.port, { servername: undefined }), { timeoutMs: 3000, state: new Map() });
    await waitFor(() => server.servernames.length === 2);
    expect(server.servernames).toEqual(["localhost", false]);
  });

  it("uses the runbook's thresholds", async () => {
    const check = tlsCheck(portOf(90), { thresholds: { direction: "below", warn: 100, crit: 95 } });
    const reading = await runProbe(check, { timeoutMs: 3000, state: new Map() });
    expect(reading).toMatchObject({
      level: "crit",
      summary: "certificate days left 89.9 days < 95 days (critical)",
    });
  });

  it("reports connection refused as crit", async () => {
    const port = await closedPort();
    const reading = await runProbe(tlsCheck(port), { timeoutMs: 3000, state: new Map() });
    expect(reading).toMatchObject({
      level: "crit",
      summary: `connection refused by 127.0.0.1:${port}`,
      value: null,
    });
  });

  it("reports a server that does not speak TLS as crit", async () => {
    const reading = await runProbe(tlsCheck(plain.port), { timeoutMs: 3000, state: new Map() });
    expect(reading.level).toBe("crit");
    expect(reading.summary).toMatch(new RegExp(`^TLS handshake with 127\\.0\\.0\\.1:${plain.port} failed: `));
  });

  it("gives up on a server that never answers the handshake at the deadline", async () => {
    const started = performance.now();
    const reading = await runProbe(tlsCheck(hung.port), { timeoutMs: 300, state: new Map() });
    expect(performance.now() - started).toBeLessThan(2000); // not a hang; the margin is a loaded host's
    expect(reading).toMatchObject({
      level: "crit",
      summary: `no TLS handshake from 127.0.0.1:${hung.port} within 300 ms`,
    });
  });

  it("reports an unknown host as unknown", async () => {
    const reading = await runProbe(tlsCheck(443, { host: "no-such-host.invalid", servername: undefined }), {
      timeoutMs: 3000,
      state: new Map(),
    });
    expect(reading).toMatchObject({
      level: "unknown",
      summary: "cannot resolve no-such-host.invalid (ENOTFOUND)",
    });
  });
});
