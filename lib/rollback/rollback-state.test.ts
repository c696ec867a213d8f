import { describe, expect, it } from "vitest";
import { formatRollbackState, parseRollbackState, type RollbackState } from "@/lib/rollback/rollback-state";

const STATE: RollbackState = {
  PREV_API_IMAGE: "sha256:aaaa",
  PREV_MCP_IMAGE: "sha256:bbbb",
  PREV_SHA: "1234567",
  DEPLOY_TIME: "2026-04-23T11:02:00Z",
  DEPLOY_SHA: "89abcde",
};

describe("rollback state", () => {
  it("writes the runbook's shell-sourceable lines", () => {
    expect(formatRollbackState(STATE)).toBe(
      'PREV_API_IMAGE="sha256:aaaa"\nPREV_MCP_IMAGE="sha256:bbbb"\nPREV_SHA="1234567"\nDEPLOY_TIME="2026-04-23T11:02:00Z"\nDEPLOY_SHA="89abcde"\n',
    );
  });

  it("reads back what it writes", () => {
    expect(parseRollbackState(formatRollbackState(STATE))).toEqual(STATE);
  });

  it.each([
    [
      "the runbook's own four keys",
      'PREV_API_IMAGE="none"\nPREV_MCP_IMAGE="x"\nPREV_SHA="abc"\nDEPLOY_TIME="t"\n',
      {
        PREV_API_IMAGE: "none",
        PREV_MCP_IMAGE: "x",
        PREV_SHA: "abc",
        DEPLOY_TIME: "t",
        DEPLOY_SHA: "none",
      },
    ],
    [
      "single quotes, bare values, export and blanks",
      "export PREV_API_IMAGE='i'\nPREV_SHA=s\n\n",
      {
        PREV_API_IMAGE: "i",
        PREV_MCP_IMAGE: "none",
        PREV_SHA: "s",
        DEPLOY_TIME: "none",
        DEPLOY_SHA: "none",
      },
    ],
  ])("parses %s", (_name, text, expected) => {
    expect(parseRollbackState(text)).toEqual(expected);
  });

  it("never writes a quote or expansion that would break `source`", () => {
    const text = formatRollbackState({ ...STATE, PREV_SHA: 'a"$(x)`' });
    expect(text).toContain('PREV_SHA="a(x)"');
  });
});
