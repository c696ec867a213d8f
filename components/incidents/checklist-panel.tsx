"use client";

import { useState } from "react";
import { formatClock } from "@/components/format";
import type { ChecklistItemView, ChecklistView } from "@/lib/model/checklist";
import { canTickChecklistItem, type Permission } from "@/lib/rules/checklists";

type Person = { id: string; name: string; role: string };
/** Sends one tick; resolves true when the server took it. */
type Send = (path: string, body: unknown, done: string) => Promise<boolean>;

/**
 * The checklists in force for the incident: each item with its owner, and who ticked it when (an entry
 * shows what the external system said). Read-only on the board; with `me` and `send`, the items that
 * person may tick get a button (the server decides again). `large` for the TV.
 */
export function ChecklistPanel({
  checklists,
  timeZone,
  people = [],
  me = null,
  send,
  large = false,
}: {
  checklists: ChecklistView[] | undefined;
  timeZone: string;
  people?: readonly Person[];
  me?: Person | null;
  send?: Send;
  large?: boolean;
}) {
  if (!checklists || checklists.length === 0) return null;
  return (
    <section
      aria-label="checklists"
      // On the TV: it shrinks first when the screen is short, and shows whole lists only (one that does not
      // fit wraps into a clipped second column), never one list drawn over another.
      className={`flex min-h-0 flex-col gap-2 overflow-hidden rounded-xl bg-panel ${
        large ? "shrink-[100] flex-wrap content-start p-3" : "p-4"
      }`}
      data-testid="checklists"
    >
      {checklists.map((list) => (
        <div
          key={`${list.incidentId}/${list.id}`}
          data-testid={`checklist-${list.id}`}
          className={large ? "w-full" : "min-h-0"}
        >
          <h2 className={`truncate font-bold ${large ? "text-2xl" : "text-lg"}`}>
            {list.label}{" "}
            <span className={list.done === list.total ? "text-ok" : "text-warn"}>
              {list.done}/{list.total}
            </span>
            <span className={`pl-2 font-normal text-gray-400 ${large ? "text-lg" : "text-xs"}`}>
              {list.source}
            </span>
          </h2>
          <ul className={`flex flex-col gap-1 ${large ? "text-xl" : "text-sm"}`}>
            {list.items.map((item) => (
              <ItemRow
                key={item.id}
                list={list}
                item={item}
                by={item.byName ?? ""}
                timeZone={timeZone}
                permission={me !== null && send !== undefined ? canTickChecklistItem(me, item, people) : null}
                send={send}
              />
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

function ItemRow({
  list,
  item,
  by,
  timeZone,
  permission,
  send,
}: {
  list: ChecklistView;
  item: ChecklistItemView;
  by: string;
  timeZone: string;
  /** Whether the signed-in person may tick it, and why not; null where nobody is signed in (board, TV). */
  permission: Permission | null;
  send: Send | undefined;
}) {
  const mayTick = permission?.ok === true;
  const [note, setNote] = useState("");
  const post = async (done: boolean) => {
    const body = {
      incident: list.incidentId,
      checklist: list.id,
      item: item.id,
      done,
      ...(note ? { note } : {}),
    };
    if (
      await send?.(
        "/api/incidents/checklist",
        body,
        done ? `Recorded: ${item.label}` : `Undone: ${item.label}`,
      )
    )
      setNote("");
  };
  return (
    <li
      className="flex flex-wrap items-baseline gap-x-2"
      data-testid={`checklist-item-${list.id}-${item.id}`}
      data-done={item.done}
    >
      <span
        className={item.done ? "text-ok" : "text-gray-400"}
        role="img"
        aria-label={item.done ? "done" : "not done"}
      >
        {item.done ? "☑" : "☐"}
      </span>
      <span className={item.done ? "" : "text-white"}>{item.label}</span>
      {item.kind === "entry" && <span className="text-gray-400">· {item.system}</span>}
      {item.done && item.note && <span className="text-gray-300">“{item.note}”</span>}
      <span className="text-gray-400">
        {item.at ? `${by} ${formatClock(item.at, timeZone, false)}` : `owner: ${item.ownerName}`}
      </span>
      {mayTick && (
        <span className="flex gap-1">
          {(item.kind === "entry" || !item.done) && (
            <input
              value={note}
              onChange={(e) => setNote(e.target.value)}
              placeholder={item.kind === "entry" ? `what ${item.system} showed` : "note (optional)"}
              className="w-56 rounded bg-gray-800 px-1"
              data-testid={`checklist-note-${list.id}-${item.id}`}
            />
          )}
          <button
            type="button"
            className={`rounded px-2 ${item.done ? "bg-gray-600" : "bg-ok font-bold text-black"}`}
            onClick={() => post(item.kind === "entry" ? true : !item.done)}
            data-testid={`checklist-tick-${list.id}-${item.id}`}
          >
            {item.kind === "entry" ? "Record" : item.done ? "Untick" : "Tick"}
          </button>
        </span>
      )}
      {/* Signed in but not theirs: say who may, rather than leave them looking for a button. */}
      {permission && !permission.ok && (
        <span
          className="text-gray-500 italic"
          title={permission.reason}
          data-testid={`checklist-denied-${list.id}-${item.id}`}
        >
          {notYours(item)}
        </span>
      )}
    </li>
  );
}

/** The refusal in a few words for the row; the full reason (the server's) is its tooltip. */
function notYours(item: ChecklistItemView): string {
  return `${item.kind === "entry" ? "recorded" : "ticked"} by ${item.ownerName} or the incident lead`;
}
