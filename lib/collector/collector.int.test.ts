import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Cycle, startCollector } from "@/lib/collector/collector";
import { parseRunbook } from "@/lib/runbook/load-runbook";
import { closedPort, type LocalServer, startHttpServer, startTcpServer } from "@/test/support/local-server";

// One good target, one that accepts and never answers, one that refuses, one that answers HTML.
let good: LocalServer;
let hanging: LocalServer;
let html: LocalServer;
let refusedPort: number;

beforeAll(async () => {
  good = await startHttpServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
  });
  hanging = await startTcpServer(() => {});
  html = await startHttpServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html" }).end("<html><body>502 Bad Gateway</body></html>");
  });
  refusedPort = await closedPort();
});

afterAll(async () => {
  await Promise.all([good.close(), hanging.close(), html.close()]);
});

function runbookFor(intervalMs: number) {
  const check = (id: string, url: string) => ({
    id,
    kind: "http",
    label: id,
    url,
    json: [{ path: "status", equals: "ok" }],
  });
  return parseRunbook(
    {
      id: "collector-test",
      name: "t",
      system: "t",
      launch: { local: "2026-04-23T09:00", timeZone: "UTC" },
      collector: { intervalMs, defaultTimeoutMs: 3000 },
      checks: [
        check("good", `${good.url}/health`),
        check("hanging", `http://127.0.0.1:${hanging.port}/health`),
        check("refused", `http://127.0.0.1:${refusedPort}/health`),
        check("html", `${html.url}/health`),
      ],
    },
    "test",
  );
}

describe("collector", () => {
  it("keeps its schedule and reports every check although one target hangs", async () => {
    const cycles: { at: number; cycle: Cycle }[] = [];
    const collector = startCollector({
      runbook: runbookFor(1000),
      onCycle: (cycle) => cycles.push({ at: performance.now(), cycle }),
    });
    const deadline = Date.now() + 8000;
    while (cycles.length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    collector.stop();
    expect(cycles.length).toBeGreaterThanOrEqual(4);

    // Fixed rate: consecutive cycles start one interval apart although the hanging probe uses its whole
    // timeout (a schedule that waited for it would drift by 900 ms a cycle); the margin is a loaded host's.
    const starts = cycles.map((c) => c.cycle.startedAt.getTime());
    for (let i = 1; i < starts.length; i++) {
      expect(Math.abs(starts[i]! - starts[i - 1]! - 1000)).toBeLessThan(500);
    }
    for (const { cycle } of cycles) {
      expect(cycle.readings.map((r) => r.checkId)).toEqual(["good", "hanging", "refused", "html"]);
      const byId = Object.fromEntries(cycle.readings.map((r) => [r.checkId, r]));
      expect(byId.good?.level).toBe("ok");
      expect(byId.hanging?.level, byId.hanging?.summary).toBe("crit");
      expect(byId.hanging?.summary).toMatch(/no response from .* within 900 ms/);
      // Timeout capped below the interval so cycles never overlap: the summary names the 900 ms cap; the
      // duration only has to show the probe did not hang.
      expect(byId.hanging?.durationMs).toBeLessThan(2000);
      expect(byId.refused?.summary).toMatch(/refused/);
      expect(byId.html?.summary).toMatch(/JSON/);
      expect(byId.html?.evidence.bodyExcerpt).toContain("502 Bad Gateway");
    }
  });

  it("never runs probes for viewers: stopping it stops all target traffic", async () => {
    let hits = 0;
    const counted = await startHttpServer((_req, res) => {
      hits += 1;
      res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
    });
    const runbook = parseRunbook(
      {
        id: "collector-count",
        name: "t",
        system: "t",
        launch: { local: "2026-04-23T09:00", timeZone: "UTC" },
        collector: { intervalMs: 1000 },
        checks: [{ id: "c", kind: "http", label: "c", url: `${counted.url}/health` }],
      },
      "test",
    );
    const collector = startCollector({ runbook, onCycle: () => {} });
    await new Promise((r) => setTimeout(r, 2500));
    collector.stop();
    const afterStop = hits;
    expect(afterStop).toBe(3); // t=0, 1 s, 2 s
    await new Promise((r) => setTimeout(r, 1200));
    expect(hits).toBe(afterStop);
    await counted.close();
  });
});
