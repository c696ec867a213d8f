"use client";

import { useEffect, useRef, useState } from "react";
import { LEVEL_LABEL } from "@/components/format";
import type { CheckState } from "@/lib/model/board";
import type { Level } from "@/lib/model/runbook-schema";

type Announcement = { polite: string; assertive: string };

/** What changed since the last board, in words: "API /health is now CRIT: connection refused …". */
export function describeChanges(
  before: ReadonlyMap<string, Level>,
  checks: readonly Pick<CheckState, "id" | "label" | "level" | "summary">[],
): Announcement {
  const crit: string[] = [];
  const other: string[] = [];
  for (const c of checks) {
    const was = before.get(c.id);
    if (was === undefined || was === c.level) continue;
    const line = `${c.label} is now ${LEVEL_LABEL[c.level]}: ${c.summary}`;
    (c.level === "crit" ? crit : other).push(line);
  }
  return { polite: other.join(". "), assertive: crit.join(". ") };
}

/**
 * Level changes read out by screen readers: a check turning critical interrupts (assertive), anything
 * else (warn, back to ok, unknown) waits its turn (polite). Nothing is said for the first board.
 */
export function LevelAnnouncer({ checks }: { checks: readonly CheckState[] }) {
  const last = useRef<Map<string, Level> | null>(null);
  const [said, setSaid] = useState<Announcement>({ polite: "", assertive: "" });
  useEffect(() => {
    const before = last.current;
    last.current = new Map(checks.map((c) => [c.id, c.level]));
    if (!before) return;
    const next = describeChanges(before, checks);
    if (next.polite || next.assertive) setSaid(next);
  }, [checks]);
  return (
    <>
      <div className="sr-only" aria-live="polite" data-testid="announce-polite">
        {said.polite}
      </div>
      <div className="sr-only" aria-live="assertive" data-testid="announce-assertive">
        {said.assertive}
      </div>
    </>
  );
}
