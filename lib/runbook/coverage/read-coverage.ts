import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { type CoverageFile, coverageFileSchema } from "@/lib/runbook/coverage/coverage-schema";

/** Where the coverage data lives, relative to the repository root. */
export const COVERAGE_DIR = "docs/coverage";

/** Reads and validates docs/coverage/*.yaml, in runbook order; a bad file is an error naming the field. */
export function readCoverage(root: string = process.cwd()): CoverageFile[] {
  const dir = resolve(root, COVERAGE_DIR);
  const names = readdirSync(dir)
    .filter((n) => n.endsWith(".yaml"))
    .sort();
  return names.map((name) => {
    const parsed = coverageFileSchema.safeParse(parse(readFileSync(join(dir, name), "utf8")));
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `  - ${i.path.join(".")}: ${i.message}`).join("\n");
      throw new Error(`${COVERAGE_DIR}/${name}:\n${issues}`);
    }
    return parsed.data;
  });
}
