export type JsonPathResult = { found: true; value: unknown } | { found: false; missing: string };

/** Split `products.0.name` or `products[0].name` into segments. */
export function splitJsonPath(path: string): string[] {
  return path
    .replace(/\[(\d+)\]/g, ".$1")
    .split(".")
    .filter((segment) => segment !== "");
}

/** Look up a dotted path; numeric segments index arrays. `missing` names the first segment not found. */
export function readJsonPath(root: unknown, path: string): JsonPathResult {
  let current: unknown = root;
  const walked: string[] = [];
  for (const segment of splitJsonPath(path)) {
    walked.push(segment);
    if (Array.isArray(current)) {
      if (!/^\d+$/.test(segment) || Number(segment) >= current.length) {
        return { found: false, missing: walked.join(".") };
      }
      current = current[Number(segment)];
    } else if (isRecord(current) && Object.hasOwn(current, segment)) {
      current = current[segment];
    } else {
      return { found: false, missing: walked.join(".") };
    }
  }
  return { found: true, value: current };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
