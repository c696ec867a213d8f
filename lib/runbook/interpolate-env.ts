type Env = Record<string, string | undefined>;

/** `$$` (a literal `$`) or a reference `${NAME}` / `${NAME:-default}`; any other `${` is malformed. */
const TOKEN = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}|\$\{/g;

export type Interpolated = { value: unknown; issues: string[] };

/**
 * Replaces `${NAME}` and `${NAME:-default}` in every string of a parsed runbook file with the environment's
 * value (`:-` also covers a variable set to ""). A reference directly followed by `/` drops one trailing
 * `/` of its value, so `${WARROOM_API_URL}/health` joins like the presets join. Unset without a default is
 * an issue naming the variable and its fields; values are never echoed, since they may be secrets.
 */
export function interpolateEnv(raw: unknown, env: Env): Interpolated {
  const issues: string[] = [];
  const unset = new Map<string, string[]>();
  const walk = (value: unknown, at: string): unknown => {
    if (typeof value === "string") return interpolateString(value, env, at, { issues, unset });
    if (Array.isArray(value)) return value.map((item, i) => walk(item, `${at}[${i}]`));
    if (value !== null && typeof value === "object") {
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [key, walk(item, at ? `${at}.${key}` : key)]),
      );
    }
    return value;
  };
  const value = walk(raw, "");
  for (const [name, fields] of unset) {
    const more = fields.length > 3 ? ` and ${fields.length - 3} more` : "";
    issues.push(
      `${fields.slice(0, 3).join(", ")}${more}: \${${name}} is not set and has no default (write \${${name}:-default} for one)`,
    );
  }
  return { value, issues };
}

type Found = { issues: string[]; unset: Map<string, string[]> };

function interpolateString(text: string, env: Env, at: string, found: Found): string {
  return text.replace(
    TOKEN,
    (token, name: string | undefined, fallback: string | undefined, offset: number) => {
      if (token === "$$") return "$";
      const where = at || "(root)";
      if (name === undefined) {
        found.issues.push(
          `${where}: malformed reference in "${text}": write \${NAME}, \${NAME:-default} or $$ for a $`,
        );
        return token;
      }
      const set = env[name];
      let value: string;
      if (fallback !== undefined) value = set ? set : fallback;
      else if (set !== undefined) value = set;
      else {
        found.unset.set(name, [...(found.unset.get(name) ?? []), where]);
        return token;
      }
      const joinsPath = text[offset + token.length] === "/";
      return joinsPath ? value.replace(/\/$/, "") : value;
    },
  );
}

/** Writes literal text so that interpolateEnv gives it back unchanged. */
export function escapeLiteral(text: string): string {
  return text.replace(/\$(?=[${])/g, "$$$$");
}
