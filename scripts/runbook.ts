// Entry of `npm run runbook`; the commands are in runbook-cli.ts.
import { runRunbookCli } from "./runbook-cli";

process.exitCode = runRunbookCli(process.argv.slice(2), process.env, {
  out: (text) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
});
