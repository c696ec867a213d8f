type Env = Record<string, string | undefined>;

/** `$$` (a literal `$`) or a reference `${NAME}` / `${NAME:-default}`; any other `${` is malformed. */
const TOKEN = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}|\$\{/g;

export type Interpolated = { value: unknown; issues: string[] };

/**
 * Replaces `${NAME}` and `${NAME:-default}` in every string of a parsed runbook file with the environment's
 * value (`:-` also covers a variable set to ""). A reference directly followed by `/` drops one trailing
 * `/` of its value, so `${WARROOM_API_URL}/health` joins like the presets join. Unset without a default is
 * an issue naming the field and the variable; values are never echoed, since they may be secrets.
 */
export function interpolateEnv(raw: unknown, env: Env): Interpolated {
  const issues: string[] = [];
  const walk = (value: unknown, at: string): unknown => {
    if (typeof value === "string") return interpolateString(value, env, at, issues);
    if (Array.isArray(value)) return value.map((item, i) => walk(item, `${at}[${i}]`));
    if (value !== null && typeof value === "object") {
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [key, walk(item, at ? `${at}.${key}` : key)]),
      );
    }
    return value;
  };
  return { value: walk(raw, ""), issues };
}

function interpolateString(text: string, env: Env, at: string, issues: string[]): string {
  return text.replace(
    TOKEN,
    (token, name: string | undefined, fallback: string | undefined, offset: number) => {
      if (token === "$$") return "$";
      const where = at || "(root)";
      if (name === undefined) {
        issues.push(
          `${where}: malformed reference in "${text}": write \${NAME}, \${NAME:-default} or $$ for a $`,
        );
        return token;
      }
      const set = env[name];
      let value: string;
      if (fallback !== undefined) value = set ? set : fallback;
      else if (set !== undefined) value = set;
      else {
        issues.push(
          `${where}: \${${name}} is not set and has no default (write \${${name}:-default} for one)`,
        );
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
