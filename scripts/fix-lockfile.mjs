// Adds lock entries for platform-specific optional dependencies that this registry mirror does not serve.
// Why: this machine kind's npm registry mirror does not serve other platforms' native builds, so `npm install`
// leaves them out of the lock and `npm ci` then refuses the lock. Run after any `npm install`.
import { readFileSync, writeFileSync } from "node:fs";

const file = process.argv[2] ?? "package-lock.json";
const lock = JSON.parse(readFileSync(file, "utf8"));
const pkgs = lock.packages;
let added = 0;
for (const [path, entry] of Object.entries(pkgs)) {
  for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    if (pkgs[key] || pkgs[`${path}/node_modules/${name}`]) continue;
    pkgs[key] = { version: spec.replace(/^[\^~=]/, ""), dev: entry.dev, optional: true };
    if (!entry.dev) delete pkgs[key].dev;
    added++;
  }
}
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`added ${added} entries`);
