import { isAbsolute, resolve } from "node:path";
import { parse } from "yaml";

type Env = Record<string, string | undefined>;

export type Mount = { source: string; target: string; readOnly: boolean };

/** One service of compose.yaml as `docker run` would need it, its variables filled in. */
export type ComposeService = {
  image: string | null;
  networkMode: string | null;
  init: boolean;
  groupAdd: string[];
  /** Set in the file, or passed through from `env` (a bare `- NAME` entry) when set there. */
  environment: Record<string, string>;
  volumes: Mount[];
  healthcheck: unknown;
  raw: Record<string, unknown>;
};

/**
 * Compose's variable substitution: `${VAR}`, `${VAR:-default}` (unset or empty), `${VAR-default}` (unset),
 * `${VAR:?message}` / `${VAR?message}` (an error), `$VAR`, and `$$` for a literal `$`.
 */
export function interpolate(text: string, env: Env): string {
  return text.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (whole, braced?: string, colon?: string, op?: string, arg?: string, bare?: string) => {
      if (whole === "$$") return "$";
      const name = braced ?? bare ?? "";
      const value = env[name];
      const missing = value === undefined || (colon === ":" && value === "");
      if (op === "-") return missing ? (arg ?? "") : (value ?? "");
      if (op === "?" && missing) throw new Error(`${name}: ${arg || "required variable is not set"}`);
      return value ?? "";
    },
  );
}

function interpolateDeep(value: unknown, env: Env): unknown {
  if (typeof value === "string") return interpolate(value, env);
  if (Array.isArray(value)) return value.map((v) => interpolateDeep(v, env));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateDeep(v, env)]));
  }
  return value;
}

/** The named service of a compose file; relative mount sources are resolved against `composeDir`. */
export function readComposeService(
  yamlText: string,
  name: string,
  env: Env,
  composeDir: string,
): ComposeService {
  const doc = parse(yamlText) as { services?: Record<string, unknown> };
  const raw = doc.services?.[name];
  if (raw === undefined || raw === null || typeof raw !== "object") {
    throw new Error(`compose file has no service "${name}"`);
  }
  const service = interpolateDeep(raw, env) as Record<string, unknown>;
  return {
    image: typeof service.image === "string" ? service.image : null,
    networkMode: typeof service.network_mode === "string" ? service.network_mode : null,
    init: service.init === true,
    groupAdd: asList(service.group_add).map(String),
    environment: environmentOf(service.environment, env),
    volumes: asList(service.volumes).map((v) => mountOf(String(v), composeDir)),
    healthcheck: service.healthcheck ?? null,
    raw: service,
  };
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function environmentOf(value: unknown, env: Env): Record<string, string> {
  const out: Record<string, string> = {};
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((item) => {
        const text = String(item);
        const eq = text.indexOf("=");
        return eq < 0 ? [text, null] : [text.slice(0, eq), text.slice(eq + 1)];
      })
    : Object.entries((value ?? {}) as Record<string, unknown>);
  for (const [key, v] of entries) {
    if (v === null || v === undefined) {
      const passed = env[key];
      if (passed !== undefined) out[key] = passed;
    } else out[key] = String(v);
  }
  return out;
}

/** The short syntax `source:target[:ro|rw]`; a source that is not a path is a named volume. */
function mountOf(spec: string, composeDir: string): Mount {
  const [source = "", target = "", mode = "rw"] = spec.split(":");
  const isPath = source.startsWith(".") || isAbsolute(source);
  return {
    source: isPath ? resolve(composeDir, source) : source,
    target,
    readOnly: mode.split(",").includes("ro"),
  };
}

/** `docker run` options for the service: network, init, groups, environment and mounts. */
export function dockerRunOptions(service: ComposeService): string[] {
  const args: string[] = [];
  if (service.networkMode) args.push("--network", service.networkMode);
  if (service.init) args.push("--init");
  for (const group of service.groupAdd) args.push("--group-add", group);
  for (const [key, value] of Object.entries(service.environment)) args.push("-e", `${key}=${value}`);
  for (const m of service.volumes) args.push("-v", `${m.source}:${m.target}${m.readOnly ? ":ro" : ""}`);
  return args;
}
