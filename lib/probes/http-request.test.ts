import type net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpRequest } from "@/lib/probes/http-request";
import {
  closedPort,
  type LocalServer,
  makeSelfSignedCert,
  startHttpServer,
  startHttpsServer,
  startTcpServer,
} from "@/test/support/local-server";

const FIVE_MB = 5 * 1024 * 1024;
let server: LocalServer;
let hung: LocalServer;
let secure: LocalServer;
const sockets: number[] = [];

beforeAll(async () => {
  server = await startHttpServer((req, res) => {
    sockets.push(req.socket.remotePort ?? 0);
    if (req.url === "/json") {
      res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
    } else if (req.url === "/redirect") {
      res.writeHead(302, { location: "https://www.amazon.com/dp/X?tag=buywhere-20" }).end();
    } else if (req.url === "/huge") {
      res.writeHead(200, { "content-type": "text/plain" });
      const chunk = Buffer.alloc(64 * 1024, "x");
      for (let sent = 0; sent < FIVE_MB; sent += chunk.length) res.write(chunk);
      res.end();
    } else if (req.url === "/half") {
      res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
      res.write('{"status":"o');
      setImmediate(() => res.socket?.destroy());
    } else if (req.url === "/headers") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(req.headers));
    } else {
      res.writeHead(404).end();
    }
  });
  hung = await startTcpServer();
  secure = await startHttpsServer((_req, res) => res.end("secure"), makeSelfSignedCert(30));
});

afterAll(async () => {
  await Promise.all([server.close(), hung.close(), secure.close()]);
});

describe("httpRequest", () => {
  it("returns status, headers, body and latency", async () => {
    const res = await httpRequest({ url: `${server.url}/json`, timeoutMs: 2000 });
    expect(res).toMatchObject({
      ok: true,
      status: 200,
      contentType: "application/json",
      body: '{"status":"ok"}',
    });
    expect(res.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it("sends the given headers", async () => {
    const res = await httpRequest({
      url: `${server.url}/headers`,
      headers: { authorization: "Bearer k" },
      timeoutMs: 2000,
    });
    expect(res.ok && JSON.parse(res.body)).toMatchObject({ authorization: "Bearer k" });
  });

  it("never follows redirects", async () => {
    const res = await httpRequest({ url: `${server.url}/redirect`, timeoutMs: 2000 });
    expect(res).toMatchObject({
      ok: true,
      status: 302,
      location: "https://www.amazon.com/dp/X?tag=buywhere-20",
    });
  });

  it("reuses keep-alive connections", async () => {
    sockets.length = 0;
    await httpRequest({ url: `${server.url}/json`, timeoutMs: 2000 });
    await httpRequest({ url: `${server.url}/json`, timeoutMs: 2000 });
    expect(sockets).toHaveLength(2);
    expect(sockets[0]).toBe(sockets[1]);
  });

  it("stops reading a 5 MB body at 1 MiB", async () => {
    const res = await httpRequest({ url: `${server.url}/huge`, timeoutMs: 5000 });
    expect(res).toMatchObject({ ok: false, code: "too-large", status: 200 });
    expect(!res.ok && res.message).toMatch(/^body exceeded 1 MiB from 127\.0\.0\.1:\d+\/huge$/);
    expect(!res.ok && res.bodyStart?.startsWith("xxxx")).toBe(true);
    // The connection was destroyed, not pooled: the next request still works.
    expect(await httpRequest({ url: `${server.url}/json`, timeoutMs: 2000 })).toMatchObject({ ok: true });
  });

  it("honours a smaller body cap", async () => {
    const res = await httpRequest({ url: `${server.url}/json`, timeoutMs: 2000, maxBodyBytes: 4 });
    expect(res).toMatchObject({ ok: false, code: "too-large", message: expect.stringContaining("4 bytes") });
  });

  it("reports a connection reset mid-body", async () => {
    const res = await httpRequest({ url: `${server.url}/half`, timeoutMs: 2000 });
    expect(res).toMatchObject({ ok: false, code: "reset", status: 200 });
  });

  it("aborts a socket that accepts and never answers at the deadline", async () => {
    const started = performance.now();
    const res = await httpRequest({ url: hung.url.replace("tcp:", "http:"), timeoutMs: 300 });
    const took = performance.now() - started;
    expect(res).toMatchObject({ ok: false, code: "timeout" });
    expect(!res.ok && res.message).toBe(`no response from 127.0.0.1:${hung.port} within 300 ms`);
    expect(took).toBeGreaterThanOrEqual(290);
    expect(took).toBeLessThan(2000); // not a hang; the margin is a loaded host's
  });

  it("honours the abort signal before its own deadline", async () => {
    const controller = new AbortController();
    const pending = httpRequest({
      url: `http://127.0.0.1:${hung.port}/`,
      timeoutMs: 10_000,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    const started = performance.now();
    expect(await pending).toMatchObject({ ok: false, code: "timeout" });
    expect(performance.now() - started).toBeLessThan(5000); // well before its own 10 s deadline
  });

  it("returns at once for an already aborted signal", async () => {
    const res = await httpRequest({
      url: `${server.url}/json`,
      timeoutMs: 2000,
      signal: AbortSignal.abort(),
    });
    expect(res).toMatchObject({ ok: false, code: "timeout" });
  });

  it("reports connection refused", async () => {
    const port = await closedPort();
    const res = await httpRequest({ url: `http://127.0.0.1:${port}/health`, timeoutMs: 2000 });
    expect(res).toMatchObject({
      ok: false,
      code: "refused",
      message: `connection refused by 127.0.0.1:${port}`,
    });
  });

  it("reports an unknown host without asking a resolver", async () => {
    const res = await httpRequest({ url: "http://no-such-host.invalid/health", timeoutMs: 2000 });
    expect(res).toMatchObject({
      ok: false,
      code: "dns",
      message: "cannot resolve no-such-host.invalid (ENOTFOUND)",
    });
  });

  it.each([
    ["not a url", "invalid-url"],
    ["ftp://127.0.0.1/x", "invalid-url"],
  ])("refuses %s", async (url, code) => {
    expect(await httpRequest({ url, timeoutMs: 2000 })).toMatchObject({ ok: false, code });
  });

  it("accepts a self-signed certificate over https", async () => {
    const res = await httpRequest({ url: `${secure.url}/`, timeoutMs: 2000 });
    expect(res).toMatchObject({ ok: true, status: 200, body: "secure" });
  });

  it("reports a TLS handshake failure against a plain-text server", async () => {
    const res = await httpRequest({ url: `https://127.0.0.1:${server.port}/json`, timeoutMs: 2000 });
    expect(res).toMatchObject({ ok: false, code: "tls" });
  });

  it("retries once when a reused keep-alive socket was reset", async () => {
    let connections = 0;
    const flaky = await startTcpServer((socket: net.Socket) => {
      connections += 1;
      let requests = 0;
      socket.on("data", () => {
        requests += 1;
        if (requests === 1) {
          socket.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok");
        } else {
          socket.resetAndDestroy();
        }
      });
    });
    try {
      const url = `http://127.0.0.1:${flaky.port}/`;
      expect(await httpRequest({ url, timeoutMs: 2000 })).toMatchObject({ ok: true, body: "ok" });
      expect(await httpRequest({ url, timeoutMs: 2000 })).toMatchObject({ ok: true, body: "ok" });
      expect(connections).toBe(2);
    } finally {
      await flaky.close();
    }
  });
});
