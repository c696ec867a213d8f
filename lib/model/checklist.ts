import type { ChecklistItemKind, ChecklistPhase } from "@/lib/model/checklist-schema";

/** JSON shapes of checklist ticks (stored) and of the checklists the board and the post-mortem show. */

export type ChecklistTickRecord = {
  id: number;
  incidentId: string;
  checklistId: string;
  itemId: string;
  personId: string;
  done: boolean;
  /** A tick's remark, or for an entry what the external system said. */
  note: string | null;
  at: string;
};

export type ChecklistItemView = {
  id: string;
  kind: ChecklistItemKind;
  label: string;
  /** The owner as written (person id or role:<role>) and as people read it. */
  owner: string;
  ownerName: string;
  system: string | null;
  source: string | null;
  done: boolean;
  note: string | null;
  /** Who ticked it last and when (also after an untick); null when nobody has. */
  by: string | null;
  byName: string | null;
  at: string | null;
};

export type ChecklistView = {
  id: string;
  label: string;
  phase: ChecklistPhase;
  source: string;
  incidentId: string;
  items: ChecklistItemView[];
  done: number;
  total: number;
};
