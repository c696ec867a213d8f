// The sign-in flood: ~200 concurrent wrong passwords from 127.0.0.1–127.0.0.8 (real source addresses,
// so the per-client limit sees eight clients) against production-cost hashes, while /api/health is
// polled. Prints /api/health p50/p95, the answers (401/429) and collector cycles missed. No stack needed.
import { rmSync } from "node:fs";
import http from "node:http";
import { fmt, percentile, sleep, startDashboard } from "./common";

const PEOPLE = ["rex", "bolt", "sol", "link", "atlas", "lyra", "vera"];
const ATTEMPTS = Number(process.env.BENCH_SIGNIN_ATTEMPTS ?? 200);
const INTERVAL_MS = 1000;

type Answer = { status: number; ms: number };

function post(base: string, localAddress: string, body: unknown): Promise<Answer> {
  const url = new URL("/api/auth/sign-in", base);
  const data = JSON.stringify(body);
  const started = performance.now();
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        localAddress,
        agent: false,
        headers: {
          "content-type": "application/json",
          origin: base,
          "content-length": Buffer.byteLength(data),
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
      },
    );
    req.on("error", () => resolve({ status: 0, ms: performance.now() - started }));
    req.end(data);
  });
}

async function health(base: string): Promise<{ ms: number; cycle: number | null }> {
  const started = performance.now();
  const body = (await fetch(`${base}/api/health`).then((r) => r.json())) as {
    collector?: { lastCycle?: number };
  };
  return { ms: performance.now() - started, cycle: body.collector?.lastCycle ?? null };
}

export async function runSignInFlood(): Promise<string[]> {
  const dataDir = `/tmp/warroom-bench-signin-${process.pid}`;
  const dash = await startDashboard({
    WARROOM_USERS: PEOPLE.map((p) => `${p}:${p}-bench-password-1`).join(","),
    WARROOM_INTERVAL_MS: String(INTERVAL_MS),
    WARROOM_DATA_DIR: dataDir,
  });
  try {
    const baseline: number[] = [];
    for (let i = 0; i < 20; i++) baseline.push((await health(dash.base)).ms);
    const first = await health(dash.base);
    const latencies: number[] = [];
    let flooding = true;
    const poller = (async () => {
      while (flooding) {
        latencies.push((await health(dash.base)).ms);
        await sleep(20);
      }
    })();
    const startedAt = performance.now();
    const answers = await Promise.all(
      Array.from({ length: ATTEMPTS }, (_, i) =>
        post(dash.base, `127.0.0.${1 + (i % 8)}`, {
          person: PEOPLE[i % PEOPLE.length],
          password: `wrong-password-${i}`,
        }),
      ),
    );
    const floodMs = performance.now() - startedAt;
    await sleep(500);
    flooding = false;
    await poller;
    const last = await health(dash.base);
    const elapsedCycles = Math.floor((performance.now() - startedAt) / INTERVAL_MS);
    const ran = first.cycle !== null && last.cycle !== null ? last.cycle - first.cycle : Number.NaN;
    const count = (s: number) => answers.filter((a) => a.status === s).length;
    return [
      "",
      `sign-in flood: ${ATTEMPTS} concurrent wrong sign-ins from 127.0.0.1–8 (scrypt N=16384), collector every ${INTERVAL_MS} ms`,
      `  answers: ${count(401)} × 401, ${count(429)} × 429, ${answers.length - count(401) - count(429)} other; flood done in ${fmt(floodMs)} ms`,
      `  /api/health idle: p50 ${fmt(percentile(baseline, 50), 1)} ms, p95 ${fmt(percentile(baseline, 95), 1)} ms`,
      `  /api/health during the flood (${latencies.length} polls): p50 ${fmt(percentile(latencies, 50), 1)} ms, p95 ${fmt(percentile(latencies, 95), 1)} ms, max ${fmt(Math.max(...latencies), 1)} ms (target p95 < 200 ms)`,
      `  collector cycles: ${fmt(ran)} ran in ~${elapsedCycles} intervals`,
    ];
  } finally {
    await dash.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
