// The import rules of the code base, checked by `npm run lint` (dependency-cruiser).
// docs/architecture.md explains the layers; `npm run docs:graph` draws them from the code.
//
// Every folder of lib/ lists the folders it may import. The list is checked for cycles when this file
// loads, so the allowed graph is one-way by construction, and the code must stay inside it (type imports
// count: tsPreCompilationDeps). Tests may reach across layers: they wire real pieces together.

/** Folders of lib/, lowest first, with the folders each may import (besides itself). */
const LAYERS = {
  // What the process runs on: its state (hub, database client, caches) by name, and retries. Imports nothing.
  runtime: [],
  // Shared record types, runbook schema types and the refusal type; no I/O.
  model: [],
  // Pure rules over readings and launch records.
  rules: ["model"],
  // Loading the runbook, presets, launch time.
  runbook: ["runtime", "model", "rules"],
  // Probes read the outside world; db stores and reads readings, events, records.
  probes: ["runtime", "model", "rules", "runbook"],
  db: ["runtime", "model", "rules", "runbook"],
  auth: ["runtime", "model", "rules", "runbook", "db"],
  // The hub: the pipeline's process state (readings, listeners, the running parts), kept in lib/runtime.
  hub: ["runtime", "model", "rules", "runbook"],
  // Domain: each feature's verbs and its part of the board.
  uptime: ["runtime", "model", "rules", "runbook", "probes", "db", "hub"],
  incidents: ["runtime", "model", "rules", "runbook", "db", "hub", "auth"],
  comms: ["runtime", "model", "rules", "runbook", "db", "hub", "auth", "incidents"],
  rollback: ["runtime", "model", "rules", "runbook", "probes", "db", "hub", "auth", "incidents"],
  launch: ["runtime", "model", "rules", "runbook", "db", "hub", "auth", "incidents", "comms", "uptime"],
  deploys: ["runtime", "model", "rules", "runbook", "probes", "db", "hub", "auth", "incidents", "rollback"],
  // Pipeline: collect → evaluate → state → publish.
  collector: [
    "runtime",
    "model",
    "rules",
    "runbook",
    "probes",
    "db",
    "hub",
    "auth",
    "uptime",
    "incidents",
    "comms",
    "rollback",
    "launch",
    "deploys",
  ],
  // HTTP: the route adapter, request context and route handlers.
  http: [
    "runtime",
    "model",
    "rules",
    "runbook",
    "probes",
    "db",
    "auth",
    "hub",
    "uptime",
    "incidents",
    "comms",
    "rollback",
    "launch",
    "deploys",
    "collector",
  ],
};

function assertAcyclic(layers) {
  const state = new Map();
  const visit = (name, trail) => {
    if (!(name in layers))
      throw new Error(`.dependency-cruiser.cjs: "${trail.at(-1)}" allows unknown folder "${name}"`);
    if (state.get(name) === "done") return;
    if (state.get(name) === "open")
      throw new Error(`.dependency-cruiser.cjs: layer cycle ${[...trail, name].join(" → ")}`);
    state.set(name, "open");
    for (const next of layers[name]) visit(next, [...trail, name]);
    state.set(name, "done");
  };
  for (const name of Object.keys(layers)) visit(name, []);
}
assertAcyclic(LAYERS);

const TESTS = "(\\.test\\.tsx?|\\.fixture\\.ts)$";
const DRIVERS =
  "(^|/)node_modules/(pg|ioredis|dockerode|@prisma/[^/]+|@electric-sql/pglite|pglite-prisma-adapter)/";
const known = Object.keys(LAYERS).join("|");

const layerRules = Object.entries(LAYERS).map(([folder, allowed]) => ({
  name: `layer-${folder}`,
  comment: `lib/${folder} may import only ${allowed.length ? allowed.map((a) => `lib/${a}`).join(", ") : "itself"}`,
  severity: "error",
  from: { path: `^lib/${folder}/`, pathNot: TESTS },
  to: { path: `^lib/(?!(${[folder, ...allowed].join("|")})/)` },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: "lib-folder-unlisted",
      comment: "every folder of lib/ has a place in LAYERS (.dependency-cruiser.cjs)",
      severity: "error",
      from: { path: `^lib/`, pathNot: [`^lib/(${known})/`, TESTS] },
      to: {},
    },
    {
      name: "lib-folders-acyclic",
      comment: "the folder graph of lib/ has no cycle (type imports count)",
      severity: "error",
      scope: "folder",
      from: { path: "^lib/", pathNot: TESTS },
      to: { path: "^lib/", circular: true },
    },
    {
      name: "lib-not-to-sim",
      comment: "the product never depends on its simulator (the simulator may import lib/)",
      severity: "error",
      from: { path: "^lib/", pathNot: TESTS },
      to: { path: "^sim/" },
    },
    {
      name: "ui-not-to-storage",
      comment: "app/ and components/ reach storage and drivers only through lib/ verbs",
      severity: "error",
      from: { path: "^(app|components)/" },
      to: { path: ["^lib/db/", DRIVERS] },
    },
    {
      name: "prisma-only-in-db",
      comment: "Prisma (client, adapters, generated code) is used only in lib/db",
      severity: "error",
      from: { path: "^(lib|app|components|sim)/", pathNot: ["^lib/db/", TESTS] },
      to: { path: ["(^|/)node_modules/(@prisma/[^/]+|pglite-prisma-adapter|prisma)/", "^lib/db/generated/"] },
    },
    {
      name: "no-unresolvable",
      comment: "an import that resolves to nothing is a typo or a missing package",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: ["node_modules", "^lib/db/generated/"] },
    // Tests wire real pieces together across layers; the rules are about the product code.
    exclude: { path: ["(^|/)\\.next", TESTS, "^test/"] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      mainFields: ["module", "main", "types", "typings"],
    },
    reporterOptions: {
      dot: {
        collapsePattern: "^(lib/[^/]+|app|components|sim|node_modules/(@[^/]+/)?[^/]+)",
      },
    },
  },
};
