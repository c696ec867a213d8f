import type { RunbookNote } from "@/lib/model/severity-scale-schema";

/** What a note shows: compact (the TV) keeps the topic and warroom's side; the board adds both sides and why. */
export function noteLines(note: RunbookNote, compact: boolean): { head: string; detail: string[] } {
  const head = `${note.topic}: ${note.took}`;
  return compact
    ? { head, detail: [] }
    : { head, detail: [`Runbooks: ${note.sides}`, `Why: ${note.why} (${note.source})`] };
}

/**
 * Where the runbooks disagree and which side warroom took. Drawn only when the runbook has notes (absent
 * on boards stored before runbooks carried them).
 */
export function RunbookNotesPanel({
  notes,
  compact = false,
}: {
  notes: RunbookNote[] | undefined;
  compact?: boolean;
}) {
  if (!notes || notes.length === 0) return null;
  return (
    <section
      className={`rounded-xl bg-panel ${compact ? "p-3 text-sm" : "p-4 text-sm"}`}
      aria-label="runbook notes"
      data-testid="runbook-notes"
    >
      <h2 className={`font-bold ${compact ? "text-base" : "mb-2 text-xl"}`}>Runbook notes</h2>
      <ul className={compact ? "columns-2 gap-6" : "flex flex-col gap-2"}>
        {notes.map((n) => {
          const { head, detail } = noteLines(n, compact);
          return (
            <li key={n.id} data-note={n.id} className="break-inside-avoid">
              <span className="text-white">{head}</span>
              {detail.map((d) => (
                <div key={d} className="text-gray-400">
                  {d}
                </div>
              ))}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
