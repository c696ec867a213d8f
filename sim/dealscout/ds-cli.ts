import type { CliIo } from "../cli-commands";
import { DS_FAULTS, isDsFault, readDsFaults, resetDsStack, setDsFault } from "./ds-faults";
import { dsStackDown, dsStackUp } from "./ds-up";

export const DS_USAGE = `  dealscout up|down|status|reset   Deal Scout's own stack as Docker containers (docs/docker-stack.md)
  dealscout fault on|off <fault>    one of: ${DS_FAULTS.join(", ")}`;

/** `npm run sim -- dealscout <up|down|status|reset|fault on|off name>`; null when the subcommand is unknown. */
export async function runDealScoutCommand(args: readonly string[], io: CliIo): Promise<number | null> {
  const [sub, ...rest] = args;
  const opts = { env: io.env, log: (line: string) => io.out(`  ${line}`) };
  switch (sub) {
    case "up": {
      io.out("bringing Deal Scout's stack up as containers…");
      const r = await dsStackUp(opts);
      io.out(`deal-scout up in ${(r.elapsedMs / 1000).toFixed(1)} s`);
      io.out(`  backend  ${r.urls.backend}    postgres ${r.urls.postgres}`);
      io.out(
        `  redis    ${r.urls.redis}    eBay stand-in ${r.urls.ebay}   SMTP ${r.urls.smtp.host}:${r.urls.smtp.port}`,
      );
      io.out(`  disk     ${r.disk.ok ? r.disk.path : `none: ${r.disk.reason}`}`);
      return 0;
    }
    case "down": {
      const removed = await dsStackDown(opts);
      io.out(
        removed.length > 0
          ? `deal-scout down: removed ${removed.join(", ")}`
          : "deal-scout down: nothing to remove",
      );
      return 0;
    }
    case "status": {
      const faults = await readDsFaults(opts);
      for (const [name, on] of Object.entries(faults)) io.out(`${name.padEnd(16)} ${on ? "on" : "off"}`);
      return 0;
    }
    case "reset": {
      for (const line of await resetDsStack(opts)) io.out(line);
      io.out("deal-scout reset: every fault off");
      return 0;
    }
    case "fault": {
      const [onOff, name] = rest;
      if ((onOff !== "on" && onOff !== "off") || !name || !isDsFault(name)) {
        io.err(`expected: dealscout fault on|off <${DS_FAULTS.join("|")}>, got "${rest.join(" ")}"`);
        return 2;
      }
      io.out(await setDsFault(name, onOff === "on", opts));
      return 0;
    }
    default:
      return null;
  }
}
