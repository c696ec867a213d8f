import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stateAfterDeploy, writeDeployState } from "@/lib/deploys/state-file";
import { parseRollbackState } from "@/lib/rollback/rollback-state";

const GOOD = { id: "sha256:aaaa1111", tag: "sha-aaa1111" };
const NEW = { id: "sha256:bbbb2222", tag: "sha-bbb2222" };
const AT = new Date("2026-04-23T11:02:00.123Z");

describe("stateAfterDeploy", () => {
  it("names the image the deploy replaced, with its sha as PREV_SHA (not the new one)", () => {
    expect(stateAfterDeploy(null, { stateKey: "PREV_API_IMAGE" }, GOOD, NEW, AT)).toEqual({
      PREV_API_IMAGE: GOOD.id,
      PREV_MCP_IMAGE: "none",
      PREV_SHA: "aaa1111",
      DEPLOY_TIME: "2026-04-23T11:02:00Z",
      DEPLOY_SHA: "bbb2222",
    });
  });

  it("keeps the other services' keys as they were", () => {
    const existing = {
      PREV_API_IMAGE: "x",
      PREV_MCP_IMAGE: "sha256:mcp",
      PREV_SHA: "x",
      DEPLOY_TIME: "x",
      DEPLOY_SHA: "x",
    };
    const next = stateAfterDeploy(existing, { stateKey: "PREV_API_IMAGE" }, GOOD, NEW, AT);
    expect(next.PREV_MCP_IMAGE).toBe("sha256:mcp");
    expect(next.PREV_API_IMAGE).toBe(GOOD.id);
  });

  it("an untagged image has no sha: none", () => {
    expect(stateAfterDeploy(null, { stateKey: null }, { id: "sha256:c", tag: null }, NEW, AT).PREV_SHA).toBe(
      "none",
    );
  });
});

describe("writeDeployState", () => {
  it("writes a file the rollback reads back, and says what it wrote", async () => {
    const dir = await mkdtemp(join(tmpdir(), "deploy-state-"));
    const path = join(dir, ".rollback_state");
    await writeFile(path, 'PREV_MCP_IMAGE="sha256:mcp"\n');
    const note = await writeDeployState(path, { stateKey: "PREV_API_IMAGE" }, GOOD, NEW, AT);
    expect(note).toContain("PREV_API_IMAGE=sha-aaa1111");
    const back = parseRollbackState(await readFile(path, "utf8"));
    expect(back).toMatchObject({
      PREV_API_IMAGE: GOOD.id,
      PREV_MCP_IMAGE: "sha256:mcp",
      PREV_SHA: "aaa1111",
    });
  });

  it("a path it cannot write is said, never thrown", async () => {
    const dir = await mkdtemp(join(tmpdir(), "deploy-state-"));
    await writeFile(join(dir, "a-file"), "");
    const path = join(dir, "a-file", ".rollback_state");
    const note = await writeDeployState(path, { stateKey: null }, GOOD, NEW, AT);
    expect(note).toMatch(/^rollback state NOT written to .*a-file\/\.rollback_state: /);
  });
});
