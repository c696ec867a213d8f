import { describe, expect, it } from "vitest";
import { endpointOf, redactUrl } from "@/lib/probes/infra/redact-url";

describe("redactUrl / endpointOf", () => {
  it.each([
    ["postgres://buywhere:hunter2@127.0.0.1:5432/catalog", "postgres://buywhere:***@127.0.0.1:5432/catalog"],
    ["redis://:s3cret@127.0.0.1:6379/0", "redis://:***@127.0.0.1:6379/0"],
    ["postgres://postgres@127.0.0.1/x", "postgres://postgres@127.0.0.1/x"],
    ["not a url://u:pw@h", "not a url://u:***@h"],
  ])("%s", (raw, want) => expect(redactUrl(raw)).toBe(want));

  it.each([
    ["postgres://u@db.internal:6000/x", 5432, "db.internal:6000"],
    ["redis://127.0.0.1", 6379, "127.0.0.1:6379"],
  ])("%s → %s", (raw, port, want) => expect(endpointOf(raw, port)).toBe(want));
});
