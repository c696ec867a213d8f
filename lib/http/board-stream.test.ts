import { afterEach, describe, expect, it } from "vitest";
import { MAX_QUEUED, openBoardStream } from "@/lib/http/board-stream";
import { getHub } from "@/lib/hub/hub";
import type { BoardState } from "@/lib/model/board";

const open = (max?: number) => {
  const abort = new AbortController();
  const res = openBoardStream(new Request("http://127.0.0.1:3000/api/stream", { signal: abort.signal }), max);
  return { res, close: () => abort.abort() };
};

afterEach(() => getHub().listeners.clear());

describe("board stream", () => {
  it("caps the viewers: one more is told to retry", () => {
    const viewers = [open(3), open(3), open(3)];
    const extra = open(3);
    expect(viewers.map((v) => v.res.status)).toEqual([200, 200, 200]);
    expect(extra.res.status).toBe(503);
    expect(extra.res.headers.get("retry-after")).toBe("5");
    for (const v of viewers) v.close();
    expect(getHub().listeners.size).toBe(0);
  });

  it("drops a viewer that stops reading instead of queueing boards for it", () => {
    const viewer = open();
    expect(getHub().listeners.size).toBe(1);
    const state = {} as BoardState;
    for (let i = 0; i < MAX_QUEUED + 5; i++) for (const l of [...getHub().listeners]) l(state, "{}");
    expect(getHub().listeners.size).toBe(0);
    viewer.close();
  });
});
