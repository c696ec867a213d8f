import "server-only";
import type { PrismaClient } from "@/lib/db/generated/prisma/client";
import type { Call, LaunchRecord, VoteValue } from "@/lib/model/launch";
import { SCREEN_MODES, type ScreenMode } from "@/lib/model/screen-mode";

const isMode = (m: string | null): m is ScreenMode => SCREEN_MODES.some((x) => x === m);

const asStrings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x) => typeof x === "string") : []);

/** Everything stored about one launch, oldest first. */
export async function readLaunchRecord(db: PrismaClient, runbookId: string): Promise<LaunchRecord> {
  const where = { runbookId };
  const order = { orderBy: { id: "asc" as const } };
  const [state, votes, decisions, delays, waivers, ticks, mode, checkpointCalls] = await Promise.all([
    db.launchState.findUnique({ where }),
    db.launchVote.findMany({ where, ...order }),
    db.launchDecision.findMany({ where, ...order }),
    db.launchDelay.findMany({ where, ...order }),
    db.gateWaiver.findMany({ where, ...order }),
    db.itemTick.findMany({ where, ...order }),
    db.screenModeChange.findFirst({ where, orderBy: { id: "desc" } }),
    db.checkpointCall.findMany({ where, ...order }),
  ]);
  return {
    revision: state?.revision ?? 0,
    round: state?.round ?? 1,
    votes: votes.map((v) => ({
      id: Number(v.id),
      round: v.round,
      domain: v.domain,
      personId: v.personId,
      vote: v.vote as VoteValue,
      reason: v.reason,
      at: v.at.toISOString(),
    })),
    decisions: decisions.map((d) => ({
      round: d.round,
      call: d.call as Call,
      personId: d.personId,
      reason: d.reason,
      at: d.at.toISOString(),
      blockingGates: asStrings(d.blockingGates),
    })),
    delays: delays.map((d) => ({
      id: Number(d.id),
      round: d.round,
      minutes: d.minutes,
      reason: d.reason,
      personId: d.personId,
      at: d.at.toISOString(),
    })),
    waivers: waivers.map((w) => ({
      id: Number(w.id),
      gateId: w.gateId,
      personId: w.personId,
      reason: w.reason,
      at: w.at.toISOString(),
    })),
    ticks: ticks.map((t) => ({
      id: Number(t.id),
      itemId: t.itemId,
      personId: t.personId,
      done: t.done,
      note: t.note,
      at: t.at.toISOString(),
    })),
    checkpointCalls: checkpointCalls.map((c) => ({
      id: Number(c.id),
      checkpointId: c.checkpointId,
      call: c.call as Call,
      personId: c.personId,
      reason: c.reason,
      at: c.at.toISOString(),
      blockingGates: asStrings(c.blockingGates),
    })),
    // A cleared override (mode NULL) or a mode this build does not know leaves the events to choose.
    modeOverride:
      mode && isMode(mode.mode)
        ? { mode: mode.mode, personId: mode.personId, reason: mode.reason, at: mode.at.toISOString() }
        : null,
  };
}
