import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { chmod, copyFile, link, mkdir, readdir, realpath, stat, symlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { sharedLibraries } from "./ldd";

const run = promisify(execFile);

export const BUSYBOX = "/bin/busybox";

export type RootfsUser = { name: string; uid: number };

/** What goes into an image: host files at their own paths, plus generated files. */
export type RootfsSpec = {
  /** Host executables (and shared objects): copied with every library `ldd` lists for them. */
  binaries?: readonly string[];
  /** Host data files copied as they are. */
  files?: readonly string[];
  /** Host directories whose regular files are all copied. */
  trees?: readonly string[];
  /** Generated files. */
  content?: readonly { path: string; content: string; mode?: number }[];
  /** Directories anyone may write (sticky), e.g. a data directory's parent for a non-root user. */
  writableDirs?: readonly string[];
  users?: readonly RootfsUser[];
};

export type RootfsEntry =
  | { kind: "host"; path: string; source: string }
  | { kind: "content"; path: string; content: string; mode: number }
  | { kind: "symlink"; path: string; target: string }
  | { kind: "dir"; path: string; mode: number };

/**
 * Busybox (every applet linked in /bin), /etc/passwd and /etc/group, a sticky /tmp, then the spec's
 * files with the libraries they need, loader included.
 */
export async function resolveRootfs(spec: RootfsSpec): Promise<RootfsEntry[]> {
  const binaries = spec.binaries ?? [];
  const entries: RootfsEntry[] = [{ kind: "host", path: BUSYBOX, source: BUSYBOX }];
  for (const applet of await busyboxApplets()) {
    entries.push({ kind: "symlink", path: `/bin/${applet}`, target: "busybox" });
  }
  const users = [{ name: "root", uid: 0 }, ...(spec.users ?? [])];
  entries.push(
    { kind: "content", path: "/etc/passwd", content: passwd(users), mode: 0o644 },
    { kind: "content", path: "/etc/group", content: group(users), mode: 0o644 },
  );
  for (const dir of ["/tmp", ...(spec.writableDirs ?? [])])
    entries.push({ kind: "dir", path: dir, mode: 0o1777 });
  const treeFiles = (await Promise.all((spec.trees ?? []).map(filesUnder))).flat();
  await assertHostFiles([...binaries, ...(spec.files ?? []), ...(spec.trees ?? [])]);
  const hostFiles = [...binaries, ...(spec.files ?? []), ...treeFiles, ...(await sharedLibraries(binaries))];
  for (const path of [...new Set(hostFiles)]) entries.push({ kind: "host", path, source: path });
  for (const file of spec.content ?? []) {
    entries.push({ kind: "content", path: file.path, content: file.content, mode: file.mode ?? 0o644 });
  }
  return entries;
}

/** Debian packages that provide what the images copy from the host. */
const PACKAGE_OF: [string, string][] = [
  ["/usr/lib/python3/dist-packages/redis", "python3-redis"],
  ["/usr/lib/python3/dist-packages", "python3-celery"],
  ["/usr/lib/python3.11", "python3.11"],
  ["/usr/bin/python3", "python3.11"],
  ["/usr/lib/postgresql/15", "postgresql-15"],
  ["/usr/share/postgresql/15", "postgresql-15"],
  ["/usr/sbin/pgbouncer", "pgbouncer"],
  ["/usr/bin/redis", "redis-server"],
  ["/bin/busybox", "busybox-static"],
  ["/usr/bin/openssl", "openssl"],
  ["/usr/lib/ssl", "openssl"],
];

async function assertHostFiles(paths: readonly string[]): Promise<void> {
  const missing: string[] = [];
  for (const path of [BUSYBOX, ...paths]) {
    if (
      !(await stat(path).then(
        () => true,
        () => false,
      ))
    )
      missing.push(path);
  }
  if (missing.length === 0) return;
  const packages = new Set(
    missing.map((m) => PACKAGE_OF.find(([prefix]) => m.startsWith(prefix))?.[1] ?? "?"),
  );
  throw new Error(
    `the stack's images need ${missing.join(", ")} on this machine: apt-get install ${[...packages].join(" ")}`,
  );
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

async function busyboxApplets(): Promise<string[]> {
  const { stdout } = await run(BUSYBOX, ["--list"]);
  return stdout
    .split("\n")
    .map((s) => s.trim())
    .filter((s) => s !== "" && s !== "busybox" && !s.includes("/"));
}

const passwd = (users: readonly RootfsUser[]) =>
  users
    .map((u) => `${u.name}:x:${u.uid}:${u.uid}:${u.name}:${u.uid === 0 ? "/root" : "/tmp"}:/bin/sh\n`)
    .join("");
const group = (users: readonly RootfsUser[]) => users.map((u) => `${u.name}:x:${u.uid}:\n`).join("");

/** A digest of everything that would go into the image: host files by path, size and mtime. */
export async function hashRootfs(entries: readonly RootfsEntry[], extra: readonly string[]): Promise<string> {
  const hash = createHash("sha256");
  for (const entry of [...entries].sort((a, b) => a.path.localeCompare(b.path))) {
    hash.update(`${entry.kind}\0${entry.path}\0`);
    if (entry.kind === "host") {
      const s = await stat(entry.source);
      hash.update(`${entry.source}\0${s.size}\0${s.mtimeMs}\0${s.mode}\0`);
    } else if (entry.kind === "content") hash.update(`${entry.mode}\0${entry.content}\0`);
    else if (entry.kind === "symlink") hash.update(`${entry.target}\0`);
    else hash.update(`${entry.mode}\0`);
  }
  for (const item of extra) hash.update(`${item}\0`);
  return hash.digest("hex");
}

/** Lays the entries out under `dir`; host files are hard-linked when possible (no 100 MB copies). */
export async function writeRootfs(entries: readonly RootfsEntry[], dir: string): Promise<void> {
  for (const entry of entries) {
    const target = join(dir, entry.path);
    if (entry.kind === "dir") {
      await mkdir(target, { recursive: true });
      // mkdir's mode is filtered by the umask; a sticky world-writable directory needs chmod.
      await chmod(target, entry.mode);
      continue;
    }
    await mkdir(dirname(target), { recursive: true });
    if (entry.kind === "host") await linkOrCopy(await realpath(entry.source), target);
    else if (entry.kind === "symlink") await symlink(entry.target, target);
    else {
      await writeFile(target, entry.content);
      await chmod(target, entry.mode);
    }
  }
}

async function linkOrCopy(source: string, target: string): Promise<void> {
  try {
    await link(source, target);
  } catch {
    await copyFile(source, target);
  }
}
