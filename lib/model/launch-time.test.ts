import { describe, expect, it } from "vitest";
import { describeLaunch, zonedLocalToUtc, zoneOffsetMinutes } from "@/lib/model/launch-time";

describe("zonedLocalToUtc", () => {
  it.each([
    ["2026-04-23T09:00", "America/New_York", "2026-04-23T13:00:00.000Z"], // EDT
    ["2026-01-15T09:00", "America/New_York", "2026-01-15T14:00:00.000Z"], // EST
    ["2026-03-08T03:30", "America/New_York", "2026-03-08T07:30:00.000Z"], // first hour of EDT
    ["2026-03-08T02:30", "America/New_York", "2026-03-08T07:30:00.000Z"], // skipped wall time → after the gap
    ["2026-11-01T01:30", "America/New_York", "2026-11-01T05:30:00.000Z"], // ambiguous hour → first (EDT)
    ["2026-04-23T09:00", "UTC", "2026-04-23T09:00:00.000Z"],
    ["2026-04-23T09:00", "Asia/Kolkata", "2026-04-23T03:30:00.000Z"],
    ["2026-04-23T09:00:30", "Europe/London", "2026-04-23T08:00:30.000Z"],
  ])("%s in %s is %s", (local, tz, utc) => {
    expect(zonedLocalToUtc(local, tz).toISOString()).toBe(utc);
  });

  it("rejects a malformed local time", () => {
    expect(() => zonedLocalToUtc("23/04/2026 9am", "UTC")).toThrow(/not a local date-time/);
  });

  it("knows New York's offset in winter and spring", () => {
    expect(zoneOffsetMinutes("America/New_York", new Date("2026-01-15T12:00:00Z"))).toBe(-300);
    expect(zoneOffsetMinutes("America/New_York", new Date("2026-04-23T12:00:00Z"))).toBe(-240);
  });
});

describe("describeLaunch", () => {
  it("computes T-0 from the zone and flags the runbook's EST/14:00 UTC claim", () => {
    const info = describeLaunch({
      local: "2026-04-23T09:00",
      timeZone: "America/New_York",
      stated: { text: "09:00 EST (14:00 UTC)", utc: "2026-04-23T14:00:00Z" },
    });
    expect(info.t0).toBe("2026-04-23T13:00:00.000Z");
    expect(info.zoneAbbrev).toBe("EDT");
    expect(info.utcOffset).toBe("-04:00");
    expect(info.discrepancy).toMatch(/EDT \(UTC-04:00\).*13:00 UTC.*60 min late/);
  });

  it("says nothing when the stated UTC time is right", () => {
    const info = describeLaunch({
      local: "2026-01-15T09:00",
      timeZone: "America/New_York",
      stated: { text: "09:00 EST (14:00 UTC)", utc: "2026-01-15T14:00:00Z" },
    });
    expect(info.discrepancy).toBeNull();
    expect(info.zoneAbbrev).toBe("EST");
  });

  it("keeps judging the runbook's own time when an override moved T-0", () => {
    const info = describeLaunch(
      {
        local: "2026-11-22T10:00",
        timeZone: "America/New_York",
        stated: { text: "09:00 EST (14:00 UTC)", utc: "2026-04-23T14:00:00Z" },
      },
      "2026-04-23T09:00",
    );
    expect(info.t0).toBe("2026-11-22T15:00:00.000Z");
    expect(info.discrepancy).toMatch(/on 2026-04-23/);
  });
});
