import { isDeepStrictEqual } from "node:util";
import { Document } from "yaml";
import { escapeLiteral, interpolateEnv } from "@/lib/runbook/interpolate-env";
import { RunbookError } from "@/lib/runbook/load-runbook";
import { PRESETS, type PresetId } from "@/lib/runbook/presets";

type Env = Record<string, string | undefined>;

// A preset reads the environment as plain strings, so each set variable is handed in as a marker that no
// real value can contain (NUL) and turned into ${NAME} afterwards. An absolute path's marker starts with
// "/" so that path.resolve keeps it as given rather than prefixing the working directory.
const MARKER = /\/\0\/([A-Za-z_][A-Za-z0-9_]*)\0|\0([A-Za-z_][A-Za-z0-9_]*)\0/g;
const markerOf = (name: string, value: string) => (value.startsWith("/") ? `/\0/${name}\0` : `\0${name}\0`);

/** Names that hold a secret whatever their shape; a URL's password is one too. */
const SECRET_NAME = /KEY|SECRET|TOKEN|PASSWORD/i;

/**
 * The preset as a runbook file (YAML) whose every value taken from the environment is a ${NAME} reference.
 * Throws when a field was derived from a variable in a way a reference cannot say (e.g. a part cut out
 * of a URL), naming the field and the variable, instead of writing the derived value.
 */
export function exportPreset(id: string, env: Env): string {
  if (!(id in PRESETS)) {
    throw new RunbookError(
      `unknown preset "${id}"; known presets: ${Object.keys(PRESETS).join(", ")}`,
      "export",
    );
  }
  const build = PRESETS[id as PresetId];
  const templateOf = (from: Env, read = new Set<string>(), only?: string) =>
    toReferences(plain(build(markedEnv(from, read, only))));
  const resolved = plain(build(env));
  const mismatchesOf = (written: unknown) =>
    differences(plain(interpolateEnv(written, env).value), resolved, "");

  const read = new Set<string>();
  const written = templateOf(env, read);
  const mismatches = mismatchesOf(written);
  if (mismatches.length > 0) {
    const lines = mismatches.slice(0, 10).map((at) => {
      const from = [...read].filter((name) => mismatchesOf(templateOf(env, new Set(), name)).includes(at));
      return `  - ${at}${checkIdAt(resolved, at)}: derived from ${from.join(", ") || "the environment"} in a way a \${VAR} reference cannot express; set the variable that names this field itself (docs/runbook-portable.md), or export without it and edit the file`;
    });
    throw new RunbookError(`cannot export preset ${id}:\n${lines.join("\n")}`, "export");
  }
  for (const name of read) {
    const changed = withSecretChanged(env, name);
    if (changed && !isDeepStrictEqual(templateOf(changed), written)) {
      throw new RunbookError(
        `cannot export preset ${id}: the value of ${name} would be written out`,
        "export",
      );
    }
  }
  return yamlOf(id, written);
}

/** The environment as the preset sees it: every set variable (or only `only`) as its marker. */
function markedEnv(env: Env, read: Set<string>, only?: string): Env {
  return new Proxy<Env>(
    {},
    {
      get(_target, key) {
        if (typeof key !== "string") return undefined;
        const value = env[key];
        if (value) read.add(key);
        if (!value || (only !== undefined && key !== only)) return value;
        return markerOf(key, value);
      },
    },
  );
}

/** " (db-pool)" for a path inside checks[N], so the field can be found in the file. */
function checkIdAt(runbook: unknown, at: string): string {
  const index = /^checks\[(\d+)\]/.exec(at)?.[1];
  const checks = (runbook as { checks?: { id?: unknown }[] }).checks;
  const checkId = index === undefined ? undefined : checks?.[Number(index)]?.id;
  return typeof checkId === "string" ? ` (${checkId})` : "";
}

/** What a file can hold: no undefined, no functions (as JSON and YAML write it). */
function plain(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

function toReferences(value: unknown): unknown {
  if (typeof value === "string") {
    let out = "";
    let last = 0;
    for (const match of value.matchAll(MARKER)) {
      out += `${escapeLiteral(value.slice(last, match.index))}\${${match[1] ?? match[2]}}`;
      last = match.index + match[0].length;
    }
    return out + escapeLiteral(value.slice(last));
  }
  if (Array.isArray(value)) return value.map(toReferences);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toReferences(item)]));
  }
  return value;
}

/** Paths (checks[3].url) where the two differ, down to the first level where they stop matching. */
function differences(a: unknown, b: unknown, at: string): string[] {
  if (isDeepStrictEqual(a, b)) return [];
  const bothObjects = a !== null && b !== null && typeof a === "object" && typeof b === "object";
  if (!bothObjects || Array.isArray(a) !== Array.isArray(b)) return [at || "(root)"];
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(left), ...Object.keys(right)])];
  return keys.flatMap((key) => {
    const next = Array.isArray(a) ? `${at}[${key}]` : at ? `${at}.${key}` : key;
    return differences(left[key], right[key], next);
  });
}

/**
 * The environment with this variable's secret (the whole value of a …KEY/…TOKEN, a URL's password) changed;
 * null when it holds none. An export that changes with it would be writing the secret out.
 */
function withSecretChanged(env: Env, name: string): Env | null {
  const value = env[name] ?? "";
  if (SECRET_NAME.test(name)) return { ...env, [name]: `${value}-changed` };
  try {
    const url = new URL(value);
    if (!url.password) return null;
    url.password = `${url.password}-changed`;
    return { ...env, [name]: url.toString() };
  } catch {
    return null;
  }
}

function yamlOf(id: string, runbook: unknown): string {
  const doc = new Document(runbook);
  doc.commentBefore =
    ` warroom runbook exported from the preset ${id} (npm run runbook -- export ${id}).\n` +
    ` \${NAME} is read from the environment when loaded; check it with npm run runbook -- check <file>,\n` +
    " run it with WARROOM_RUNBOOK=<file>.";
  return doc.toString({ lineWidth: 0 });
}
