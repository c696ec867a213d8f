import { afterEach, describe, expect, it } from "vitest";
import type { RunView } from "@/lib/model/rollback";
import { getRollbackBoard, setRollbackBoard } from "@/lib/rollback/board-cache";
import { resetProcessState } from "@/lib/runtime/process-state";

const KEY = "bw_live_9f8e7d6c5b4a";
const step = (command: string, output: string) => ({
  index: 0,
  name: "verify search",
  command,
  status: "failed" as const,
  output,
  startedAt: null,
  finishedAt: null,
  durationMs: 12,
});

const run: RunView = {
  id: "00000000-0000-4000-8000-000000000001",
  kind: "rollback",
  status: "failed",
  requestedBy: "rex",
  reason: `5xx after deploy; api_key=${KEY} leaked in the alert`,
  startedAt: "2026-12-05T01:00:00.000Z",
  finishedAt: "2026-12-05T01:00:20.000Z",
  outcome: "failed at step 1: connect to postgres://buywhere:hunter2@127.0.0.1:25432/catalog refused",
  ownerPid: 1,
  ownerInstance: "warroom-1:1:0a1b2c3d",
  heartbeatAt: null,
  plan: {
    kind: "rollback",
    project: "buywhere-api",
    builtAt: "2026-12-05T01:00:00.000Z",
    planHash: "0123456789abcdef",
    confirmWords: ["ROLLBACK"],
    source: "rollback-state",
    sourceDetail: "PREV_API_SHA",
    services: [],
    steps: [
      {
        name: "verify search",
        command: `curl -H 'X-API-Key: ${KEY}' 'http://127.0.0.1:18000/v1/search?q=x&api_key=${KEY}'`,
        kind: "verify-search",
        args: {},
      },
    ],
    blocked: null,
  },
  steps: [
    step(
      `curl -H 'Authorization: Bearer ${KEY}' 'http://127.0.0.1:18000/v1/search?token=${KEY}'`,
      `HTTP 500\nsqlalchemy: could not connect: password=hunter2 host=db\nAuthorization: Bearer ${KEY}`,
    ),
  ],
};

afterEach(() => resetProcessState());

describe("the public rollback board", () => {
  it("scrubs keys, passwords and tokens from the run's reason, outcome, commands and step output", () => {
    setRollbackBoard({ run, error: "runs unreadable: postgres://warroom:s3cret@127.0.0.1:5432/warroom" });
    const board = getRollbackBoard(Date.parse("2026-12-05T01:01:00Z"));
    const text = JSON.stringify(board);
    expect(text).not.toContain(KEY);
    expect(text).not.toContain("hunter2");
    expect(text).not.toContain("s3cret");
    // What a viewer needs stays: the request, the status, which step failed.
    expect(board?.run?.steps[0]?.output).toContain("HTTP 500");
    expect(board?.run?.plan.steps[0]?.command).toContain("http://127.0.0.1:18000/v1/search?q=x");
    expect(board?.run?.outcome).toContain("failed at step 1");
  });
});
