/**
 * `printenv` / `env` output → variables. A line that does not start with NAME= continues the previous
 * value (a value holding a newline).
 */
export function parseEnvOutput(text: string): Map<string, string> {
  const vars = new Map<string, string>();
  let last: string | null = null;
  for (const line of text.split("\n")) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (m?.[1] !== undefined && m[2] !== undefined) {
      last = m[1];
      vars.set(last, m[2]);
    } else if (last !== null && line !== "") {
      vars.set(last, `${vars.get(last) ?? ""}\n${line}`);
    }
  }
  return vars;
}

export type EnvFinding = {
  name: string;
  status: "set" | "missing" | "empty" | "mismatch";
  shown: string;
  secret: boolean;
};

/**
 * Judge required and secret variables. Only variables with an expected value show their value; secrets
 * and plain required ones show "set" / "missing" / "empty" and nothing else.
 */
export function judgeEnv(
  vars: Map<string, string>,
  required: readonly { name: string; equals?: string }[],
  secret: readonly string[],
): EnvFinding[] {
  const findings: EnvFinding[] = [];
  for (const r of required) {
    if (secret.includes(r.name)) continue;
    const value = vars.get(r.name);
    if (value === undefined)
      findings.push({ name: r.name, status: "missing", shown: "missing", secret: false });
    else if (value === "") findings.push({ name: r.name, status: "empty", shown: "empty", secret: false });
    else if (r.equals !== undefined && value !== r.equals) {
      findings.push({ name: r.name, status: "mismatch", shown: JSON.stringify(value), secret: false });
    } else
      findings.push({
        name: r.name,
        status: "set",
        shown: r.equals !== undefined ? JSON.stringify(value) : "set",
        secret: false,
      });
  }
  for (const name of secret) {
    const value = vars.get(name);
    const status = value === undefined ? "missing" : value === "" ? "empty" : "set";
    findings.push({ name, status, shown: status, secret: true });
  }
  return findings;
}
