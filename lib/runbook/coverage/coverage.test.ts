import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { SEVERITIES } from "@/lib/model/incident";
import type { Runbook } from "@/lib/model/runbook-schema";
import { coverageTotals, parseRef, type RefKind } from "@/lib/runbook/coverage/coverage-schema";
import { readCoverage } from "@/lib/runbook/coverage/read-coverage";
import { renderCoverage } from "@/lib/runbook/coverage/render-coverage";
import { parseRunbook } from "@/lib/runbook/load-runbook";
import { PRESETS, type PresetId } from "@/lib/runbook/presets";

const ROOT = process.cwd();
const files = readCoverage(ROOT);
// The runbooks are the requirements, kept beside the repository (../shared/runbooks), not in it.
const RUNBOOKS_DIR = resolve(ROOT, process.env.WARROOM_RUNBOOKS_DIR ?? "../shared/runbooks");

const isPreset = (id: string): id is PresetId => id in PRESETS;
const presets = new Map<string, Runbook>();
function preset(id: string): Runbook {
  if (!isPreset(id)) throw new Error(`no preset "${id}" in PRESETS`);
  const built = presets.get(id) ?? parseRunbook(PRESETS[id]({}), `preset ${id}`);
  presets.set(id, built);
  return built;
}

/** The ids each ref kind can name in a preset. */
function idsOf(rb: Runbook, kind: Exclude<RefKind, "code">): Set<string> {
  const flow = rb.launchFlow;
  const lists: Record<Exclude<RefKind, "code">, string[]> = {
    check: rb.checks.map((c) => c.id),
    trigger: rb.triggers.map((t) => t.id),
    gate: flow.gates.map((g) => g.id),
    checkpoint: flow.checkpoints.map((c) => c.id),
    "slack-channel": rb.slackChannels.map((c) => c.channel),
    milestone: flow.milestones.map((m) => m.id),
    item: flow.milestones.flatMap((m) => m.items.map((i) => `${m.id}/${i.id}`)),
    template: rb.templates.map((t) => t.id),
    "severity-rule": rb.severityRules.map((r) => r.id),
    "incident-rollback": rb.incidentRollback.map((r) => r.id),
    gauge: rb.gauges.map((g) => g.check),
    person: rb.people.map((p) => p.id),
    tick: rb.checklists.flatMap((l) => l.items.map((i) => `${l.id}/${i.id}`)),
    // A rank counts when the runbook defines it, not when it got the neutral default.
    level: SEVERITIES.filter((s) => rb.scale.levels[s].source !== "none"),
    tree: rb.scale.tree.map((t) => t.id),
    ladder: [
      ...SEVERITIES.flatMap((s) => rb.scale.ladder[s].map((r) => `${s}/${r.atMinutes}`)),
      ...rb.scale.conditionRungs.map((r) => r.id),
    ],
    escalate: rb.scale.escalate.map((r) => r.from),
    note: rb.notes.map((n) => n.id),
    action: [
      ...(["rollback", "restart", "cleanup", "restartStack", "ingestion"] as const).filter(
        (k) => rb.actions?.[k]?.kind === "docker",
      ),
      ...(rb.actions?.services ?? []).map((a) => a.id),
    ],
  };
  return new Set(lists[kind]);
}

describe("runbook coverage matrix (docs/coverage/*.yaml)", () => {
  it("covers the five runbooks", () => {
    expect(files.map((f) => f.runbook)).toEqual(["000", "001", "002", "003", "004"]);
  });

  for (const f of files) {
    describe(`${f.runbook} ${f.title}`, () => {
      it("every id it names exists in the preset the row names", () => {
        const wrong: string[] = [];
        for (const r of f.rows) {
          const rb = preset(r.preset ?? f.preset);
          for (const raw of r.impl) {
            const { kind, id } = parseRef(raw);
            const exists = kind === "code" ? existsSync(join(ROOT, id)) : idsOf(rb, kind).has(id);
            if (!exists) wrong.push(`line ${r.line} ${raw} (preset ${rb.id})`);
          }
        }
        expect(wrong).toEqual([]);
      });

      it("a manual step it names as in place is in that branch's steps, with the runbook's words", () => {
        // The runbook files decode → as ‚Üí; the presets carry the arrow it meant.
        const plain = (t: string) => t.replaceAll("‚Üí", "→");
        const wrong: string[] = [];
        for (const r of f.rows) {
          if (r.class !== "external-manual" || r.status !== "implemented") continue;
          const rb = preset(r.preset ?? f.preset);
          const branches = r.impl.filter((x) => x.startsWith("tree:")).map((x) => parseRef(x).id);
          const steps = rb.scale.tree
            .filter((t) => branches.includes(t.id))
            .flatMap((t) => t.steps)
            .join("\n");
          if (branches.length > 0 && !steps.includes(plain(r.quote)))
            wrong.push(`line ${r.line}: "${r.quote}" not in the steps of ${branches.join(", ")}`);
        }
        expect(wrong).toEqual([]);
      });

      it("a checklist item it names is a tick for a manual row and an entry for an external one", () => {
        const wrong: string[] = [];
        for (const r of f.rows) {
          const rb = preset(r.preset ?? f.preset);
          for (const raw of r.impl.filter((x) => x.startsWith("tick:"))) {
            const [listId, itemId] = parseRef(raw).id.split("/");
            const item = rb.checklists.find((l) => l.id === listId)?.items.find((i) => i.id === itemId);
            const want = r.class === "manual" ? "tick" : r.class === "external-manual" ? "entry" : null;
            if (item && want && item.kind !== want)
              wrong.push(`line ${r.line} ${raw} is a ${item.kind}, not a ${want}`);
          }
        }
        expect(wrong).toEqual([]);
      });

      it("every test file it names exists", () => {
        const missing = f.rows.flatMap((r) => r.tests.filter((t) => !existsSync(join(ROOT, t))));
        expect(missing).toEqual([]);
      });

      it.skipIf(!existsSync(RUNBOOKS_DIR))(`every line it cites exists and says what the row quotes`, () => {
        const lines = readFileSync(join(RUNBOOKS_DIR, f.file), "utf8").split("\n");
        const squash = (s: string) => s.replace(/\s+/g, " ").trim();
        const wrong = f.rows
          .filter((r) => !squash(lines[r.line - 1] ?? "").includes(squash(r.quote)))
          .map((r) => `line ${r.line}: "${r.quote}" not in "${lines[r.line - 1] ?? "(past the end)"}"`);
        expect(wrong).toEqual([]);
      });
    });
  }

  it("totals count only automatable items as the headline", () => {
    for (const f of files) {
      const t = coverageTotals(f.rows);
      expect(t.automatableDone).toBeLessThanOrEqual(t.automatable);
      expect(t.automatable + t.manual + t.external).toBe(t.rows);
    }
  });

  it("docs/runbook-coverage.md is generated from the data (npm run docs:coverage)", () => {
    expect(readFileSync(join(ROOT, "docs/runbook-coverage.md"), "utf8")).toBe(`${renderCoverage(files)}\n`);
  });
});
