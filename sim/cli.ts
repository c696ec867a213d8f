import { runCli } from "./cli-commands";

// Entry point of `npm run sim -- <command>`. Exit explicitly: a stopped sim must not linger on a stray handle.
const code = await runCli(process.argv.slice(2), {
  env: process.env,
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
process.exit(code);
