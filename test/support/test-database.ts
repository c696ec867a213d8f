// Helpers for lib/db integration tests: throwaway databases on the local server and a TCP proxy
// that a test can cut and restore. Never used by the app.
import { randomBytes } from "node:crypto";
import net from "node:net";
import pg from "pg";

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

/** Refuses any database that is not on this machine: tests create and drop databases. */
export function assertLoopbackUrl(url: string): void {
  const host = new URL(url).hostname;
  if (!LOOPBACK_HOSTS.has(host)) {
    throw new Error(
      `refusing to run database tests against ${host}: only 127.0.0.1/localhost/::1 are allowed`,
    );
  }
}

/** Admin connection used to create/drop the per-file test databases. */
export function adminUrl(): string {
  const url = process.env.TEST_POSTGRES_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  assertLoopbackUrl(url);
  if (process.env.DATABASE_URL) assertLoopbackUrl(process.env.DATABASE_URL);
  return url;
}

export type TestDatabase = { name: string; url: string; drop: () => Promise<void> };

/** Creates a uniquely named database; `drop` removes exactly that one. */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const admin = adminUrl();
  const name = `warroom_test_${label.replace(/[^a-z0-9]/gi, "").toLowerCase()}_${process.pid}_${randomBytes(4).toString("hex")}`;
  await withClient(admin, (c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () =>
      withClient(admin, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}

export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export type TcpProxy = {
  port: number;
  /** Stops accepting and cuts every open connection, like a database going away. */
  cut: () => Promise<void>;
  /** Listens again on the same port. */
  restore: () => Promise<void>;
  close: () => Promise<void>;
};

/** A loopback TCP proxy to `target` that the test controls. */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        const address = server.address();
        resolve(typeof address === "object" && address ? address.port : port);
      });
    });
  const cut = async () => {
    const closed = new Promise<void>((resolve) => {
      if (!server.listening) resolve();
      else server.close(() => resolve());
    });
    for (const s of sockets) s.destroy();
    await closed;
  };
  const port = await listen(0);
  return { port, cut, restore: () => listen(port).then(() => undefined), close: cut };
}

export function proxiedUrl(url: string, port: number): string {
  const u = new URL(url);
  u.hostname = "127.0.0.1";
  u.port = String(port);
  return u.toString();
}
