import { describe, expect, it } from "vitest";
import { redactEvidence, redactSecrets, redactUrl } from "@/lib/model/redact";

describe("redactUrl", () => {
  it.each([
    ["postgres://buywhere:hunter2@127.0.0.1:5432/catalog", "postgres://buywhere:***@127.0.0.1:5432/catalog"],
    ["https://ghp_abcdef@api.example.org/x", "https://***@api.example.org/x"],
    [
      "https://api.example.org/health?password=hunter2&region=us&api_key=k1",
      "https://api.example.org/health?password=***&region=us&api_key=***",
    ],
    ["https://api.example.org/a?token=t#frag", "https://api.example.org/a?token=***#frag"],
    ["http://127.0.0.1:8000/health", "http://127.0.0.1:8000/health"],
  ])("%s", (raw, want) => expect(redactUrl(raw)).toBe(want));
});

describe("redactSecrets", () => {
  it.each([
    ["connect ECONNREFUSED postgres://u:pw@db:5432/x", "connect ECONNREFUSED postgres://u:***@db:5432/x"],
    ["GET https://h/x?password=abc failed", "GET https://h/x?password=*** failed"],
    ['config {"password": "abc"} rejected', 'config {"password": ***} rejected'],
    ["Authorization: Bearer abcdefghijklmnop", "Authorization: Bearer ***"],
    ["nothing secret here", "nothing secret here"],
  ])("%s", (raw, want) => expect(redactSecrets(raw)).toBe(want));
});

describe("redactEvidence", () => {
  it("redacts URLs and scrubs every other text value; numbers stay", () => {
    expect(
      redactEvidence({
        url: "https://u:pw@api.example.org/x?token=t",
        location: "https://shop.example.org/?api_key=k&ref=warroom",
        error: "connect ECONNREFUSED redis://:s3cret@10.0.0.5:6379",
        bodyExcerpt: '{"password":"hunter2"}',
        status: 200,
      }),
    ).toEqual({
      url: "https://u:***@api.example.org/x?token=***",
      location: "https://shop.example.org/?api_key=***&ref=warroom",
      error: "connect ECONNREFUSED redis://:***@10.0.0.5:6379",
      bodyExcerpt: '{"password":***}',
      status: 200,
    });
  });
});
