import "server-only";
import type { JsonAssertion } from "@/lib/model/runbook-schema";
import { readJsonPath } from "@/lib/probes/json-path";
import { excerpt, type Verdict, verdict } from "@/lib/probes/result";

/**
 * One gatus-style JSON condition. `equals` wins over `oneOf`, then `below`/`above` (a number), then
 * `exists`; with none of them the field must exist and not be null. `from` names the endpoint in the reason ("/health").
 */
export function evaluateJsonAssertion(json: unknown, assertion: JsonAssertion, from: string): Verdict {
  const { path, failLevel } = assertion;
  const found = readJsonPath(json, path);
  const actual = found.found ? show(found.value) : "(missing)";
  const seen = found.found ? `${path} ${actual} from ${from}` : `${path} missing from ${from}`;

  if (assertion.equals !== undefined) {
    const want = show(assertion.equals);
    const ok = found.found && found.value === assertion.equals;
    return verdict(`[BODY].${path} == ${want}`, actual, ok, failLevel, `${seen} (expected ${want})`);
  }
  if (assertion.oneOf !== undefined) {
    const want = `[${assertion.oneOf.map(show).join(", ")}]`;
    const ok = found.found && assertion.oneOf.some((v) => v === found.value);
    return verdict(`[BODY].${path} in ${want}`, actual, ok, failLevel, `${seen} (expected one of ${want})`);
  }
  if (assertion.below !== undefined || assertion.above !== undefined) {
    const n = found.found && typeof found.value === "number" ? found.value : null;
    const ok =
      n !== null &&
      (assertion.below === undefined || n < assertion.below) &&
      (assertion.above === undefined || n > assertion.above);
    const want = [
      assertion.above !== undefined ? `> ${assertion.above}` : null,
      assertion.below !== undefined ? `< ${assertion.below}` : null,
    ]
      .filter(Boolean)
      .join(" and ");
    return verdict(`[BODY].${path} ${want}`, actual, ok, failLevel, `${seen} (expected a number ${want})`);
  }
  if (assertion.exists === false) {
    return verdict(`[BODY].${path} is absent`, actual, !found.found, failLevel, `${seen} (expected absent)`);
  }
  const ok = found.found && found.value !== null;
  return verdict(
    `[BODY].${path} exists`,
    actual,
    ok,
    failLevel,
    found.found ? `${path} is null in ${from}` : seen,
  );
}

function show(value: unknown): string {
  if (value === undefined) return "undefined";
  return excerpt(JSON.stringify(value) ?? String(value), 80);
}
