import { type ChildProcess, execFile, spawn } from "node:child_process";
import {
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import Docker from "dockerode";

/**
 * Test-only helpers: extra PostgreSQL clusters, PgBouncer and Redis instances on 127.0.0.1 ephemeral
 * ports, and a tiny busybox image for a local Docker engine. Every start returns a `stop()` that removes
 * what it made. PostgreSQL and PgBouncer refuse to run as root, so they run as the `postgres` user.
 */

const run = promisify(execFile);
const PG_BIN = postgresBin();

/** The newest installed PostgreSQL's bin directory (Debian layout). */
function postgresBin(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  return join(root, versions[0] ?? "15", "bin");
}

function requireFile(path: string, install: string): void {
  if (!existsSync(path)) throw new Error(`${path} is missing: ${install}`);
}

export type TestServer = { host: "127.0.0.1"; port: number; stop: () => Promise<void> };

/** A port nothing listens on right now (bound to 0, then released). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no TCP address");
  return address.port;
}

/** Poll until something accepts TCP connections on the port. */
export async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    if (performance.now() > deadline)
      throw new Error(`nothing listening on 127.0.0.1:${port} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function postgresIds(): Promise<{ uid: number; gid: number }> {
  const uid = Number((await run("id", ["-u", "postgres"])).stdout.trim());
  const gid = Number((await run("id", ["-g", "postgres"])).stdout.trim());
  return { uid, gid };
}

/** argv that runs `cmd` as the postgres user when we are root, as is otherwise. */
async function asPostgres(cmd: string, args: string[]): Promise<[string, string[]]> {
  if (process.getuid?.() !== 0) return [cmd, args];
  const { uid, gid } = await postgresIds();
  return ["setpriv", [`--reuid=${uid}`, `--regid=${gid}`, "--init-groups", cmd, ...args]];
}

async function runAsPostgres(cmd: string, args: string[]): Promise<string> {
  const [file, argv] = await asPostgres(cmd, args);
  const { stdout } = await run(file, argv, { timeout: 60_000 });
  return stdout;
}

/** A temp directory the postgres user owns. */
async function postgresTempDir(prefix: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o700);
  if (process.getuid?.() === 0) {
    const { uid, gid } = await postgresIds();
    chownSync(dir, uid, gid);
  }
  return dir;
}

export type PgCluster = TestServer & { url: (database?: string) => string; dataDir: string };

export type PgClusterOptions = {
  /** postgresql.conf settings, e.g. { max_connections: "10" }. */
  settings?: Record<string, string>;
  /** Make this cluster a streaming replica of the given one (pg_basebackup -R). */
  replicaOf?: PgCluster;
  /** pg_hba.conf lines put before initdb's trust rules, e.g. "host all app 127.0.0.1/32 scram-sha-256". */
  hba?: string[];
};

/** A throwaway PostgreSQL 15 cluster (trust auth, user postgres) on a free loopback port. */
export async function startPostgresCluster(options: PgClusterOptions = {}): Promise<PgCluster> {
  requireFile(`${PG_BIN}/initdb`, "apt-get install -y postgresql");
  const root = await postgresTempDir("warroom-pg-");
  const dataDir = join(root, "data");
  if (options.replicaOf) {
    const primary = options.replicaOf;
    await runAsPostgres(`${PG_BIN}/pg_basebackup`, [
      ...["-h", "127.0.0.1", "-p", String(primary.port), "-U", "postgres"],
      ...["-D", dataDir, "-R", "-X", "stream", "-c", "fast"],
    ]);
  } else {
    await runAsPostgres(`${PG_BIN}/initdb`, [
      "-D",
      dataDir,
      "-U",
      "postgres",
      "-A",
      "trust",
      "--no-locale",
      "-E",
      "UTF8",
    ]);
  }
  if (options.hba?.length) {
    const hbaPath = join(dataDir, "pg_hba.conf");
    writeFileSync(hbaPath, `${options.hba.join("\n")}\n${readFileSync(hbaPath, "utf8")}`);
  }
  const port = await freePort();
  const settings = {
    port: String(port),
    listen_addresses: "127.0.0.1",
    unix_socket_directories: root,
    fsync: "off",
    ...options.settings,
  };
  writeFileSync(
    join(dataDir, "postgresql.auto.conf"),
    Object.entries(settings)
      .map(([k, v]) => `${k} = '${v}'`)
      .join("\n")
      .concat("\n"),
    { flag: "a" },
  );
  await runAsPostgres(`${PG_BIN}/pg_ctl`, [
    "-D",
    dataDir,
    "-l",
    join(root, "log"),
    "-w",
    "-t",
    "30",
    "start",
  ]);
  return {
    host: "127.0.0.1",
    port,
    dataDir,
    url: (database = "postgres") => `postgres://postgres@127.0.0.1:${port}/${database}`,
    stop: async () => {
      await runAsPostgres(`${PG_BIN}/pg_ctl`, ["-D", dataDir, "-m", "immediate", "-w", "stop"]).catch(
        () => "",
      );
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export type PgBouncerServer = TestServer & { adminUser: string; adminPassword: string };

export type PgBouncerOptions = {
  /** The PostgreSQL behind it. */
  serverPort: number;
  /** Pool name → database on the server. */
  databases: Record<string, string>;
  poolSize: number;
  /** auth_file users (plain-text passwords, auth_type md5). The first is the admin user. */
  users: Record<string, string>;
  /** Users allowed SHOW commands without being admins. */
  statsUsers?: string[];
};

/** PgBouncer (pool_mode transaction) on a free port, running as the postgres user. */
export async function startPgBouncer(options: PgBouncerOptions): Promise<PgBouncerServer> {
  requireFile("/usr/sbin/pgbouncer", "apt-get install -y pgbouncer");
  const root = await postgresTempDir("warroom-pgbouncer-");
  const port = await freePort();
  const [adminUser, adminPassword] = Object.entries(options.users)[0] ?? ["pgbouncer", ""];
  const databases = Object.entries(options.databases)
    .map(([pool, db]) => `${pool} = host=127.0.0.1 port=${options.serverPort} dbname=${db} user=postgres`)
    .join("\n");
  const userlist = Object.entries(options.users)
    .map(([user, password]) => `"${user}" "${password}"`)
    .join("\n");
  const ini = [
    "[databases]",
    databases,
    "[pgbouncer]",
    "listen_addr = 127.0.0.1",
    `listen_port = ${port}`,
    "unix_socket_dir =",
    "auth_type = md5",
    `auth_file = ${join(root, "userlist.txt")}`,
    `admin_users = ${adminUser}`,
    `stats_users = ${(options.statsUsers ?? []).join(",")}`,
    "pool_mode = transaction",
    `default_pool_size = ${options.poolSize}`,
    "min_pool_size = 0",
    "reserve_pool_size = 0",
    "max_client_conn = 100",
    `logfile = ${join(root, "pgbouncer.log")}`,
    `pidfile = ${join(root, "pgbouncer.pid")}`,
    "",
  ].join("\n");
  writeFileSync(join(root, "userlist.txt"), `${userlist}\n`);
  writeFileSync(join(root, "pgbouncer.ini"), ini);
  if (process.getuid?.() === 0) {
    const { uid, gid } = await postgresIds();
    for (const f of ["userlist.txt", "pgbouncer.ini"]) chownSync(join(root, f), uid, gid);
  }
  const [file, argv] = await asPostgres("/usr/sbin/pgbouncer", [join(root, "pgbouncer.ini")]);
  const child = spawn(file, argv, { stdio: "ignore" });
  await waitForPortOrExit(port, child, "pgbouncer");
  return {
    host: "127.0.0.1",
    port,
    adminUser,
    adminPassword,
    stop: async () => {
      await stopChild(child, "SIGINT");
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export type RedisServer = TestServer & { url: string };

/** redis-server on a free port, no persistence; `maxmemory` e.g. "2mb" with noeviction. */
export async function startRedis(
  options: { maxmemory?: string; password?: string } = {},
): Promise<RedisServer> {
  const port = await freePort();
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"];
  if (options.maxmemory) args.push("--maxmemory", options.maxmemory, "--maxmemory-policy", "noeviction");
  if (options.password) args.push("--requirepass", options.password);
  const child = spawn("redis-server", args, { stdio: "ignore" });
  await waitForPortOrExit(port, child, "redis-server");
  return {
    host: "127.0.0.1",
    port,
    url: `redis://127.0.0.1:${port}`,
    stop: () => stopChild(child, "SIGTERM"),
  };
}

async function waitForPortOrExit(port: number, child: ChildProcess, name: string): Promise<void> {
  const exited = new Promise<never>((_, reject) =>
    child.once("exit", (code) => reject(new Error(`${name} exited with code ${code} before listening`))),
  );
  exited.catch(() => {});
  await Promise.race([waitForPort(port), exited]);
}

async function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
  await exited;
  clearTimeout(timer);
}

// ── Docker ───────────────────────────────────────────────────────────────────────────────────────────

export const DOCKER_SOCKET = "/var/run/docker.sock";

/** Whether a Docker engine answers on the socket (within 2 s). */
export async function isDockerAvailable(socketPath = DOCKER_SOCKET): Promise<boolean> {
  try {
    await new Docker({ socketPath, timeout: 2000 }).ping();
    return true;
  } catch {
    return false;
  }
}

/**
 * Import a busybox image (sh, sleep, cat, …, plus /usr/bin/printenv and its libraries) as `name:tag`.
 * `label` makes otherwise identical imports distinct images. Needs Debian's busybox-static.
 */
export async function importBusyboxImage(
  docker: Docker,
  repoTag: string,
  label: Record<string, string> = {},
): Promise<string> {
  requireFile("/bin/busybox", "apt-get install -y busybox-static");
  const root = mkdtempSync(join(tmpdir(), "warroom-busybox-"));
  try {
    for (const dir of ["bin", "tmp", "lib/x86_64-linux-gnu", "lib64"])
      mkdirSync(join(root, dir), { recursive: true });
    copyFileSync("/bin/busybox", join(root, "bin/busybox"));
    chmodSync(join(root, "bin/busybox"), 0o755);
    for (const applet of [
      "sh",
      "sleep",
      "echo",
      "cat",
      "ls",
      "test",
      "true",
      "false",
      "touch",
      "rm",
      "seq",
    ]) {
      symlinkSync("busybox", join(root, "bin", applet));
    }
    copyFileSync("/usr/bin/printenv", join(root, "bin/printenv"));
    chmodSync(join(root, "bin/printenv"), 0o755);
    copyFileSync("/lib/x86_64-linux-gnu/libc.so.6", join(root, "lib/x86_64-linux-gnu/libc.so.6"));
    copyFileSync("/lib64/ld-linux-x86-64.so.2", join(root, "lib64/ld-linux-x86-64.so.2"));
    chmodSync(join(root, "tmp"), 0o1777);
    const [repo, tag = "latest"] = repoTag.split(":");
    const changes = [
      "ENV PATH=/bin",
      'CMD ["/bin/sh"]',
      ...Object.entries(label).map(([k, v]) => `LABEL ${k}=${v}`),
    ];
    const tar = spawn("tar", ["-C", root, "-c", "."], { stdio: ["ignore", "pipe", "ignore"] });
    const stream = await docker.importImage(tar.stdout, { repo, tag, changes } as object);
    await new Promise<void>((resolve, reject) => {
      docker.modem.followProgress(stream, (err: Error | null) => (err ? reject(err) : resolve()));
    });
    const image = await docker.getImage(repoTag).inspect();
    return image.Id;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
