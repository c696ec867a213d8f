import type { ChecklistTickRecord, ChecklistView } from "@/lib/model/checklist";

export type PostmortemChecklists = { views: ChecklistView[]; ticks: ChecklistTickRecord[] };

type Name = (id: string | null) => string;

/** Every tick and entry of the incident, for the minute-by-minute timeline (unticks included). */
export function checklistTimelineRows(lists: PostmortemChecklists | undefined, name: Name) {
  if (!lists) return [];
  const labels = new Map(
    lists.views.flatMap((v) => v.items.map((i) => [`${v.id}/${i.id}`, { v, i }] as const)),
  );
  return lists.ticks.flatMap((t) => {
    const hit = labels.get(`${t.checklistId}/${t.itemId}`);
    if (!hit) return [];
    const verb =
      hit.i.kind === "entry"
        ? t.done
          ? `recorded (${hit.i.system})`
          : "withdrew"
        : t.done
          ? "ticked"
          : "unticked";
    return [
      {
        at: t.at,
        text: `checklist (${name(t.personId)}) ${verb} "${hit.i.label}"${t.note ? `: ${t.note}` : ""}`,
      },
    ];
  });
}

/** The "Checklists" section: each list in force for the incident, each item's latest state with who and when. */
export function checklistSection(
  lists: PostmortemChecklists | undefined,
  name: Name,
  clock: (iso: string) => string,
) {
  const views = lists?.views ?? [];
  if (views.length === 0) return ["- (no checklist in force)"];
  return views.flatMap((v) => [
    `### ${v.label} — ${v.done}/${v.total} (${v.source})`,
    ...v.items.map((i) => {
      const state = i.done ? "[x]" : "[ ]";
      const who = i.at ? ` — ${name(i.by)} at ${clock(i.at)}` : ` — owner ${i.ownerName}, not recorded`;
      const what =
        i.kind === "entry"
          ? ` (${i.system}${i.done && i.note ? `: ${i.note}` : ""})`
          : i.note
            ? ` (${i.note})`
            : "";
      return `- ${state} ${i.label}${what}${who}`;
    }),
  ]);
}
