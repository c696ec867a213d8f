import { describe, expect, it } from "vitest";
import { STATUS_UPDATE_EVERY_MINUTES, statusUpdateDue } from "@/lib/rules/status-cadence";

const DECLARED = "2026-04-23T13:20:00.000Z";
const at = (hhmmss: string) => new Date(`2026-04-23T${hhmmss}.000Z`);

type Case = {
  name: string;
  since: Parameters<typeof statusUpdateDue>[0];
  now: Date;
  every?: number;
  want: { dueAt: string; secondsRemaining: number; isOverdue: boolean; basis: "declared" | "last-post" };
};

const CASES: Case[] = [
  {
    name: "just declared: due 15 min later",
    since: DECLARED,
    now: at("13:20:00"),
    want: { dueAt: "2026-04-23T13:35:00.000Z", secondsRemaining: 900, isOverdue: false, basis: "declared" },
  },
  {
    name: "Date anchor works like an ISO string",
    since: new Date(DECLARED),
    now: at("13:30:00"),
    want: { dueAt: "2026-04-23T13:35:00.000Z", secondsRemaining: 300, isOverdue: false, basis: "declared" },
  },
  {
    name: "exactly at the due time: due now, not overdue",
    since: { declaredAt: DECLARED },
    now: at("13:35:00"),
    want: { dueAt: "2026-04-23T13:35:00.000Z", secondsRemaining: 0, isOverdue: false, basis: "declared" },
  },
  {
    name: "half a second left counts as a second left",
    since: { declaredAt: DECLARED },
    now: new Date("2026-04-23T13:34:59.500Z"),
    want: { dueAt: "2026-04-23T13:35:00.000Z", secondsRemaining: 1, isOverdue: false, basis: "declared" },
  },
  {
    name: "half a second late is overdue by a second",
    since: { declaredAt: DECLARED },
    now: new Date("2026-04-23T13:35:00.500Z"),
    want: { dueAt: "2026-04-23T13:35:00.000Z", secondsRemaining: -1, isOverdue: true, basis: "declared" },
  },
  {
    name: "no update posted 22 min after declaration: overdue by 7 min",
    since: { declaredAt: DECLARED, lastPostedAt: null },
    now: at("13:42:00"),
    want: { dueAt: "2026-04-23T13:35:00.000Z", secondsRemaining: -420, isOverdue: true, basis: "declared" },
  },
  {
    name: "a posted update restarts the clock",
    since: { declaredAt: DECLARED, lastPostedAt: "2026-04-23T13:33:00.000Z" },
    now: at("13:42:00"),
    want: { dueAt: "2026-04-23T13:48:00.000Z", secondsRemaining: 360, isOverdue: false, basis: "last-post" },
  },
  {
    name: "the last post is overdue too",
    since: { declaredAt: DECLARED, lastPostedAt: new Date("2026-04-23T13:33:00.000Z") },
    now: at("14:00:30"),
    want: { dueAt: "2026-04-23T13:48:00.000Z", secondsRemaining: -750, isOverdue: true, basis: "last-post" },
  },
  {
    name: "a post from before this incident does not count",
    since: { declaredAt: DECLARED, lastPostedAt: "2026-04-23T12:00:00.000Z" },
    now: at("13:21:00"),
    want: { dueAt: "2026-04-23T13:35:00.000Z", secondsRemaining: 840, isOverdue: false, basis: "declared" },
  },
  {
    name: "a runbook's own cadence (launch-day §5.4: 30 min)",
    since: { declaredAt: DECLARED },
    now: at("13:40:00"),
    every: 30,
    want: { dueAt: "2026-04-23T13:50:00.000Z", secondsRemaining: 600, isOverdue: false, basis: "declared" },
  },
];

describe("statusUpdateDue", () => {
  it.each(CASES)("$name", ({ since, now, every, want }) => {
    const got = statusUpdateDue(since, now, every);
    expect(got).toEqual({ ...want, everyMinutes: every ?? STATUS_UPDATE_EVERY_MINUTES });
  });

  it("refuses an anchor that is not a time instead of returning NaN", () => {
    expect(() => statusUpdateDue("not a date", at("13:00:00"))).toThrow(/declaredAt/);
  });
});
