import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// "server-only" throws outside a React Server bundle; under vitest every module is server-side.
const serverOnlyStub = fileURLToPath(new URL("./test/server-only-stub.ts", import.meta.url));

export default defineConfig({
  resolve: { tsconfigPaths: true, alias: { "server-only": serverOnlyStub } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["{lib,sim,app,components,scripts,test}/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "**/*.image.test.ts", "**/*.served.test.ts", "node_modules/**"],
        },
      },
      {
        extends: true,
        test: {
          name: "int",
          include: ["{lib,sim,app,scripts}/**/*.int.test.ts"],
          exclude: ["sim/dealscout/**", "node_modules/**"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          // Deal Scout's own containerised stack (`npm run test:dealscout`, a step of `npm test` under the stack
          // lock): the global setup brings it up once for every file and removes it after the last one; a file
          // takes it with dealScoutStack() (sim/dealscout/testing/ds-stack.ts) and never takes it down.
          // Scenarios on disjoint checks run side by side (it.concurrent), hence maxConcurrency.
          name: "dealscout",
          include: ["sim/dealscout/**/*.int.test.ts"],
          globalSetup: ["sim/dealscout/testing/ds-global-setup.ts"],
          testTimeout: 150_000,
          hookTimeout: 300_000,
          fileParallelism: false,
          maxConcurrency: 8,
        },
      },
      {
        extends: true,
        test: {
          // Whole dashboards: `next start` processes of the build (replicas on one PostgreSQL), after the build.
          name: "served",
          include: ["lib/**/*.served.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          // The container image, built from `next build`'s standalone output: a step of its own after the build.
          name: "image",
          include: ["scripts/**/*.image.test.ts"],
          testTimeout: 300_000,
          hookTimeout: 420_000,
        },
      },
    ],
  },
});
