/** Incident §5.1: during an active incident an update is posted every 15 minutes. */
export const STATUS_UPDATE_EVERY_MINUTES = 15;

export type StatusAnchor = {
  /** When the incident was declared. */
  declaredAt: Date | string;
  /** The last status update posted for it, if any. */
  lastPostedAt?: Date | string | null;
};

export type StatusUpdateDue = {
  dueAt: string;
  /** Whole seconds, rounded away from the due time: at least 1 while pending, at most -1 once overdue. */
  secondsRemaining: number;
  isOverdue: boolean;
  /** What the clock counts from. */
  basis: "declared" | "last-post";
  everyMinutes: number;
};

function ms(t: Date | string): number {
  return typeof t === "string" ? Date.parse(t) : t.getTime();
}

/**
 * When the next status update is due: `everyMinutes` after the last one posted, or after the declaration
 * when none was posted (a post older than the declaration belongs to an earlier incident). Pure.
 */
export function statusUpdateDue(
  since: Date | string | StatusAnchor,
  now: Date,
  everyMinutes: number = STATUS_UPDATE_EVERY_MINUTES,
): StatusUpdateDue {
  const anchor: StatusAnchor =
    typeof since === "string" || since instanceof Date ? { declaredAt: since } : since;
  const declared = ms(anchor.declaredAt);
  const posted = anchor.lastPostedAt ? ms(anchor.lastPostedAt) : Number.NaN;
  if (Number.isNaN(declared)) throw new RangeError("statusUpdateDue: declaredAt is not a valid time");
  const fromPost = !Number.isNaN(posted) && posted >= declared;
  const dueMs = (fromPost ? posted : declared) + everyMinutes * 60_000;
  const remainingMs = dueMs - now.getTime();
  return {
    dueAt: new Date(dueMs).toISOString(),
    secondsRemaining: remainingMs >= 0 ? Math.ceil(remainingMs / 1000) : Math.floor(remainingMs / 1000),
    isOverdue: remainingMs < 0,
    basis: fromPost ? "last-post" : "declared",
    everyMinutes,
  };
}
