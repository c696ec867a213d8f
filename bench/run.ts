// npm run bench [-- --only=detection,load,cycle,events,storage,soak,triggers,rollback,rollback-shop,deploy,signin,failover,logs,memory] — real runs of the built dashboard;
// prints every figure with its method. See docs/bench.md.

import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { DIST_DIR } from "./common";
import { runDeployWatchBench } from "./deploy-watch";
import { runFailoverBench } from "./failover";
import { runLogPushBench } from "./log-push";
import { runMemoryBench } from "./memory";
import { runRollbackBench } from "./rollback";
import { runShopRollbackBench } from "./rollback-shop";
import { runSignInFlood } from "./signin-flood";
import { runSimSections } from "./sim-sections";
import { runSoak, SOAK_MIN } from "./soak";
import { runStackSections } from "./stack-sections";
import { runTriggerBench } from "./triggers";

const ALL = [
  "detection",
  "load",
  "cycle",
  "events",
  "storage",
  "soak",
  "triggers",
  "rollback",
  "rollback-shop",
  "deploy",
  "signin",
  "failover",
  "logs",
  "memory",
] as const;
type Section = (typeof ALL)[number];
/** The soak takes N minutes (30 by default), so it runs only when asked for. */
const DEFAULT: Section[] = [
  "detection",
  "load",
  "cycle",
  "events",
  "storage",
  "triggers",
  "rollback",
  "rollback-shop",
  "deploy",
  "signin",
  "failover",
  "logs",
  "memory",
];

function parseSections(argv: string[]): Set<Section> {
  const only = argv.find((a) => a.startsWith("--only="));
  const chosen = new Set<Section>(DEFAULT);
  if (only) {
    chosen.clear();
    for (const name of only.slice("--only=".length).split(",").filter(Boolean)) {
      if (!ALL.includes(name as Section)) {
        throw new Error(`bench: unknown section "${name}"; sections: ${ALL.join(", ")}`);
      }
      chosen.add(name as Section);
    }
  }
  if (argv.includes("--soak")) chosen.add("soak");
  return chosen;
}

async function main() {
  const sections = parseSections(process.argv.slice(2));
  if (!existsSync(path(DIST_DIR, "BUILD_ID"))) {
    console.log(`bench: no build in ${DIST_DIR}, running next build`);
    const r = spawnSync("node_modules/.bin/next", ["build"], { stdio: "inherit" });
    if (r.status !== 0) throw new Error("next build failed");
  }
  const has = (s: Section) => sections.has(s);
  console.error(`bench: sections ${[...sections].join(", ")}`);
  if (!has("soak")) {
    console.error(
      "bench: soak (server memory over 30 min) not selected: add --soak or --only=soak (BENCH_SOAK_MIN=N)",
    );
  }
  const out: string[] = ["", "warroom bench — dashboard (next start) on loopback, figures from real runs"];

  if (has("detection") || has("load")) {
    out.push(...(await runSimSections({ detection: has("detection"), load: has("load") })));
  }
  if (has("cycle") || has("events") || has("storage")) {
    out.push(
      ...(await runStackSections({ cycle: has("cycle"), events: has("events"), storage: has("storage") })),
    );
  }
  if (has("triggers")) out.push(...(await runTriggerBench()));
  if (has("rollback")) out.push(...(await runRollbackBench()));
  if (has("rollback-shop")) out.push(...(await runShopRollbackBench()));
  if (has("deploy")) out.push(...(await runDeployWatchBench()));
  if (has("signin")) out.push(...(await runSignInFlood()));
  if (has("failover")) out.push(...(await runFailoverBench()));
  if (has("logs")) out.push(...(await runLogPushBench()));
  if (has("memory")) out.push(...(await runMemoryBench()));
  if (has("soak")) {
    console.error(`bench: soak runs ${SOAK_MIN} min`);
    out.push(...(await runSoak()));
  }
  console.log(out.join("\n"));
}

function path(dir: string, file: string): string {
  return `${dir.replace(/\/$/, "")}/${file}`;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
