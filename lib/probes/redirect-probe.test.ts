import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runProbe } from "@/lib/collector/run-probe";
import { checkSchema } from "@/lib/model/runbook-schema";
import { isHostOrSubdomain } from "@/lib/probes/redirect-probe";
import { type LocalServer, startHttpServer } from "@/test/support/local-server";

const ROUTES: Record<string, [number, string | undefined]> = {
  "/go/B09G9HDHJT": [302, "https://www.amazon.com/dp/B09G9HDHJT?tag=buywhere-20"],
  "/go/untagged": [302, "https://www.amazon.com/dp/B09G9HDHJT"],
  "/go/wrong-tag": [302, "https://www.amazon.com/dp/B09G9HDHJT?tag=other-21"],
  "/go/two-tags": [301, "https://www.amazon.com/dp/B09G9HDHJT?tag=other-21&tag=buywhere-20"],
  "/go/apex": [307, "https://amazon.com/dp/B09G9HDHJT?tag=buywhere-20"],
  "/go/upper": [302, "https://WWW.AMAZON.COM./dp/B09G9HDHJT?tag=buywhere-20"],
  "/go/suffix-trick": [302, "https://amazon.com.evil.example/dp/X?tag=buywhere-20"],
  "/go/lookalike": [302, "https://notamazon.com/dp/X?tag=buywhere-20"],
  "/go/relative": [302, "/dp/X?tag=buywhere-20"],
  "/go/no-location": [302, undefined],
  "/go/not-redirect": [200, undefined],
  "/go/error": [500, undefined],
  "/go/local": [302, "/landing"],
};

let server: LocalServer;
let landings = 0;
beforeAll(async () => {
  server = await startHttpServer((req, res) => {
    if (req.url === "/landing") landings += 1;
    const [status, location] = ROUTES[req.url ?? ""] ?? [404, undefined];
    res.writeHead(status, location ? { location } : {}).end();
  });
});
afterAll(() => server.close());

type Case = { path: string; level: string; summary: RegExp | string; location?: string };
const CASES: Case[] = [
  {
    path: "/go/B09G9HDHJT",
    level: "ok",
    summary: /^\/go\/B09G9HDHJT → www\.amazon\.com\/dp\/B09G9HDHJT with tag=buywhere-20 in [\d.]+ ms$/,
    location: "https://www.amazon.com/dp/B09G9HDHJT?tag=buywhere-20",
  },
  {
    path: "/go/untagged",
    level: "crit",
    summary: "Location www.amazon.com/dp/B09G9HDHJT has no tag=buywhere-20",
  },
  {
    path: "/go/wrong-tag",
    level: "crit",
    summary: "Location www.amazon.com/dp/B09G9HDHJT has tag=other-21, not tag=buywhere-20",
  },
  { path: "/go/two-tags", level: "ok", summary: /with tag=buywhere-20/ },
  { path: "/go/apex", level: "ok", summary: /→ amazon\.com\/dp\/B09G9HDHJT/ },
  { path: "/go/upper", level: "ok", summary: /→ www\.amazon\.com\.\/dp/ },
  {
    path: "/go/suffix-trick",
    level: "crit",
    summary: "Location amazon.com.evil.example/dp/X is not on amazon.com",
  },
  { path: "/go/lookalike", level: "crit", summary: "Location notamazon.com/dp/X is not on amazon.com" },
  {
    path: "/go/relative",
    level: "crit",
    summary: /^Location 127\.0\.0\.1:\d+\/dp\/X is not on amazon\.com$/,
  },
  { path: "/go/no-location", level: "crit", summary: "/go/no-location redirected without a Location" },
  {
    path: "/go/not-redirect",
    level: "crit",
    summary: "HTTP 200 from /go/not-redirect (expected a redirect to amazon.com)",
  },
  {
    path: "/go/error",
    level: "crit",
    summary: "HTTP 500 from /go/error (expected a redirect to amazon.com)",
  },
];

describe("redirect probe", () => {
  it.each(CASES)("$path → $level", async ({ path, level, summary, location }) => {
    const check = checkSchema.parse({
      id: "r",
      label: "r",
      kind: "redirect",
      url: `${server.url}${path}`,
      expectHost: "amazon.com",
      expectParams: { tag: "buywhere-20" },
    });
    const reading = await runProbe(check, { timeoutMs: 3000, state: new Map() });
    expect(reading.level).toBe(level);
    if (typeof summary === "string") expect(reading.summary).toBe(summary);
    else expect(reading.summary).toMatch(summary);
    expect(reading).toMatchObject({ unit: "ms", value: expect.any(Number) });
    if (location) expect(reading.evidence.location).toBe(location);
  });

  it("never follows the Location", async () => {
    const check = checkSchema.parse({
      id: "r",
      label: "r",
      kind: "redirect",
      url: `${server.url}/go/local`,
      expectHost: "127.0.0.1",
    });
    const reading = await runProbe(check, { timeoutMs: 3000, state: new Map() });
    expect(reading.level).toBe("ok");
    expect(reading.evidence.location).toBe(`${server.url}/landing`);
    expect(landings).toBe(0);
  });
});

describe("isHostOrSubdomain", () => {
  it.each([
    ["amazon.com", "amazon.com", true],
    ["www.amazon.com", "amazon.com", true],
    ["smile.www.amazon.com", "amazon.com", true],
    ["Amazon.COM.", "amazon.com", true],
    ["notamazon.com", "amazon.com", false],
    ["amazon.com.evil.example", "amazon.com", false],
    ["amazon.co.uk", "amazon.com", false],
  ])("%s on %s → %s", (host, expected, result) => {
    expect(isHostOrSubdomain(host, expected)).toBe(result);
  });
});
