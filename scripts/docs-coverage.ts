import { writeFileSync } from "node:fs";
import { readCoverage } from "@/lib/runbook/coverage/read-coverage";
import { renderCoverage } from "@/lib/runbook/coverage/render-coverage";

// Regenerates docs/runbook-coverage.md from docs/coverage/*.yaml.
const markdown = renderCoverage(readCoverage());
writeFileSync("docs/runbook-coverage.md", `${markdown}\n`);
process.stdout.write("wrote docs/runbook-coverage.md\n");
