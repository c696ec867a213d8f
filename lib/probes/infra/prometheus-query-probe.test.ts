import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closedPort, type LocalServer, startHttpServer, startTcpServer } from "@/test/support/local-server";
import { runInfraProbe } from "@/test/support/run-infra-probe";

// A small server speaking Prometheus' /api/v1/query: the answer is chosen by the query text.
const ANSWERS: Record<string, { status: number; body: unknown }> = {
  error_ratio: {
    status: 200,
    body: {
      status: "success",
      data: { resultType: "vector", result: [{ metric: {}, value: [1, "0.031"] }] },
    },
  },
  p99_by_route: {
    status: 200,
    body: {
      status: "success",
      data: {
        resultType: "vector",
        result: [
          { metric: { route: "/v1/search" }, value: [1, "2.4"] },
          { metric: { route: "/health" }, value: [1, "0.01"] },
        ],
      },
    },
  },
  "scalar(1)": { status: 200, body: { status: "success", data: { resultType: "scalar", result: [1, "1"] } } },
  no_errors: { status: 200, body: { status: "success", data: { resultType: "vector", result: [] } } },
  nan: {
    status: 200,
    body: { status: "success", data: { resultType: "vector", result: [{ metric: {}, value: [1, "NaN"] }] } },
  },
  "bad(": {
    status: 400,
    body: { status: "error", errorType: "bad_data", error: "parse error: unclosed left parenthesis" },
  },
  html: { status: 502, body: "<html>Bad Gateway</html>" },
};

let server: LocalServer;
let seenPaths: string[] = [];
beforeAll(async () => {
  server = await startHttpServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    seenPaths.push(url.pathname);
    const answer = ANSWERS[url.searchParams.get("query") ?? ""] ?? {
      status: 200,
      body: { status: "success", data: { resultType: "vector", result: [] } },
    };
    const text = typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body);
    res
      .writeHead(answer.status, {
        "content-type": typeof answer.body === "string" ? "text/html" : "application/json",
      })
      .end(text);
  });
});
afterAll(() => server.close());

const check = (query: string, extra: Record<string, unknown> = {}) => ({
  kind: "prometheus-query",
  url: server.url,
  query,
  ...extra,
});

describe("prometheus-query probe against a local query API", () => {
  it("scales a ratio to % and judges it (error rate 3.1 % > 2 %)", async () => {
    seenPaths = [];
    const r = await runInfraProbe(
      check("error_ratio", {
        label: "API error rate",
        scale: 100,
        unit: "%",
        thresholds: { direction: "above", warn: 1, crit: 2 },
      }),
    );
    expect(seenPaths).toEqual(["/api/v1/query"]);
    expect(r).toMatchObject({ level: "crit", value: 3.1, unit: "%" });
    expect(r.summary).toBe("API error rate 3.1% > 2% (critical)");
    expect(r.evidence.resultType).toBe("vector");
  });

  it("reduces several series (max by default, sum on request)", async () => {
    const max = await runInfraProbe(
      check("p99_by_route", { unit: "s", thresholds: { direction: "above", warn: 1, crit: 3 } }),
    );
    expect(max).toMatchObject({ level: "warn", value: 2.4 });
    expect(max.evidence["series 1"]).toBe('{route="/v1/search"} 2.4');
    const sum = await runInfraProbe(check("p99_by_route", { reduce: "sum" }));
    expect(sum).toMatchObject({ level: "ok", value: 2.41 });
    expect(sum.summary).toContain("sum of 2 series");
  });

  it("reads a scalar", async () => {
    expect(await runInfraProbe(check("scalar(1)"))).toMatchObject({ level: "ok", value: 1 });
  });

  it("an empty vector is unknown by default, 0 when whenEmpty is zero", async () => {
    const unknown = await runInfraProbe(check("no_errors"));
    expect(unknown.level).toBe("unknown");
    expect(unknown.summary).toContain("query returned no series");
    const zero = await runInfraProbe(
      check("no_errors", { whenEmpty: "zero", thresholds: { direction: "above", crit: 2 } }),
    );
    expect(zero).toMatchObject({ level: "ok", value: 0 });
    expect(zero.summary).toContain("empty result read as 0");
  });

  it("NaN only → unknown", async () => {
    expect((await runInfraProbe(check("nan"))).level).toBe("unknown");
  });

  it("a rejected query is unknown with Prometheus' reason", async () => {
    const r = await runInfraProbe(check("bad("));
    expect(r.level).toBe("unknown");
    expect(r.summary).toBe(
      "Prometheus rejected the query (HTTP 400): bad_data: parse error: unclosed left parenthesis",
    );
  });

  it("HTML instead of JSON → unknown naming the status", async () => {
    const r = await runInfraProbe(check("html"));
    expect(r.level).toBe("unknown");
    expect(r.summary).toMatch(/answered HTTP 502 without JSON/);
  });

  it("Prometheus down → unknown (it is the instrument, not the target)", async () => {
    const port = await closedPort();
    const r = await runInfraProbe({ kind: "prometheus-query", url: `http://127.0.0.1:${port}`, query: "up" });
    expect(r.level).toBe("unknown");
    expect(r.summary).toBe(`Prometheus query failed: connection refused by 127.0.0.1:${port}`);
  });

  it("a server that never answers → unknown within timeout + 200 ms", async () => {
    const hung = await startTcpServer();
    try {
      const r = await runInfraProbe(
        { kind: "prometheus-query", url: hung.url.replace("tcp:", "http:"), query: "up" },
        { timeoutMs: 300 },
      );
      expect(r.level).toBe("unknown");
      expect(r.durationMs).toBeLessThan(2000); // cut at 300 ms; the margin is a loaded host's
      expect(r.summary).toMatch(/Prometheus query failed: no response from 127\.0\.0\.1:\d+ within 300 ms/);
    } finally {
      await hung.close();
    }
  });
});
