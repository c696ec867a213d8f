import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Test-only: real servers on 127.0.0.1 ephemeral ports that the probes are driven against. */
export type LocalServer = { url: string; port: number; close: () => Promise<void> };

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export async function startHttpServer(handler: Handler): Promise<LocalServer> {
  const server = http.createServer(handler);
  return listen(server, "http", () => server.closeAllConnections());
}

export async function startHttpsServer(handler: Handler, tls: SelfSignedCert): Promise<LocalServer> {
  const server = https.createServer({ key: tls.key, cert: tls.cert }, handler);
  return listen(server, "https", () => server.closeAllConnections());
}

/** Accepts connections and calls `onSocket`; by default never answers (a hung target). */
export async function startTcpServer(
  onSocket: (socket: net.Socket) => void = () => {},
): Promise<LocalServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
    socket.on("close", () => sockets.delete(socket));
    onSocket(socket);
  });
  return listen(server, "tcp", () => {
    for (const s of sockets) s.destroy();
  });
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = await startTcpServer();
  await server.close();
  return server.port;
}

async function listen(server: net.Server, scheme: string, dropConnections: () => void): Promise<LocalServer> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("server has no TCP address");
  return {
    url: `${scheme}://127.0.0.1:${address.port}`,
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        dropConnections();
      }),
  };
}

export type SelfSignedCert = { key: string; cert: string };

/** A self-signed P-256 certificate for localhost/127.0.0.1 made by the openssl CLI. */
export function makeSelfSignedCert(days: number): SelfSignedCert {
  const dir = mkdtempSync(join(tmpdir(), "warroom-probe-cert-"));
  try {
    const keyPath = join(dir, "key.pem");
    const certPath = join(dir, "cert.pem");
    execFileSync(
      "openssl",
      [
        ...["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"],
        ...["-keyout", keyPath, "-out", certPath, "-days", String(days), "-subj", "/CN=localhost"],
        ...["-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
      ],
      { stdio: "pipe" },
    );
    return { key: readFileSync(keyPath, "utf8"), cert: readFileSync(certPath, "utf8") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Poll for a condition with a deadline instead of sleeping. */
export async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
