import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { envFileKeys } from "@/lib/probes/infra/env-file";
import { resultText, runInfraProbe } from "@/test/support/run-infra-probe";

const KEYS = ["DATABASE_URL", "JWT_SECRET_KEY", "US_REGION"];
const SECRET = "s3cret-value-never-shown";
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "warroom-envfile-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const probe = (path: string) => runInfraProbe({ kind: "host", measure: "env-file", path, required: KEYS });

describe("deploy §1.2 .env on the host: present, not .env.example, the keys set, no value shown", () => {
  it("parses keys with a value; empty, commented and quoted-empty ones do not count", () => {
    const keys = envFileKeys(
      ["# comment", "export A=1", "B=", "C='' ", 'D="x y"', "E = 2 # note", "not a line"].join("\n"),
    );
    expect([...keys].sort()).toEqual(["A", "D", "E"]);
  });

  it("all keys set → ok with the size; values never on the board", async () => {
    const path = join(dir, "ok.env");
    await writeFile(path, `DATABASE_URL=postgres://x\nJWT_SECRET_KEY=${SECRET}\nUS_REGION=us\n`);
    const r = await probe(path);
    expect(r.level).toBe("ok");
    expect(r.summary).toMatch(/^ok\.env present, \d+ bytes, all 3 required keys set$/);
    expect(resultText(r)).not.toContain(SECRET);
  });

  it("a key missing or empty → crit naming it", async () => {
    const path = join(dir, "partial.env");
    await writeFile(path, `DATABASE_URL=postgres://x\nJWT_SECRET_KEY=\n`);
    const r = await probe(path);
    expect(r.level).toBe("crit");
    expect(r.summary).toBe("partial.env lacks JWT_SECRET_KEY, US_REGION");
  });

  it("only .env.example there → crit saying so; an empty .env → crit", async () => {
    await writeFile(join(dir, ".env.example"), "DATABASE_URL=\n");
    const r = await probe(join(dir, ".env"));
    expect(r.level).toBe("crit");
    expect(r.summary).toBe(`${join(dir, ".env")} does not exist (only .env.example is there)`);
    const empty = join(dir, "empty.env");
    await writeFile(empty, "");
    expect((await probe(empty)).summary).toBe(`${empty} is empty`);
  });
});
