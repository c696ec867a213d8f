import { describe, expect, it } from "vitest";
import { dbOfRedisUrl, parseReply, pidboxChannel, pidboxMessage } from "@/lib/probes/infra/celery-inspect";

const decode = (b64: string) => JSON.parse(Buffer.from(b64, "base64").toString("utf8"));

describe("celery remote control over Redis", () => {
  it("broadcasts on kombu's fan-out channel of the URL's database", () => {
    expect(pidboxChannel(dbOfRedisUrl("redis://127.0.0.1:27379"))).toBe("/0.celery.pidbox");
    expect(pidboxChannel(dbOfRedisUrl("redis://127.0.0.1:27379/3"))).toBe("/3.celery.pidbox");
  });

  it("writes the message the celery CLI writes: method, arguments, ticket and the reply exchange", () => {
    const envelope = JSON.parse(pidboxMessage("cancel_consumer", { queue: "celery" }, "rk-1", "t-1", 99));
    expect(envelope.properties.delivery_info).toEqual({ exchange: "celery.pidbox", routing_key: "" });
    expect(envelope.headers.expires).toBe(99);
    expect(decode(envelope.body)).toMatchObject({
      method: "cancel_consumer",
      arguments: { queue: "celery" },
      ticket: "t-1",
      reply_to: { exchange: "reply.celery.pidbox", routing_key: "rk-1" },
    });
  });

  it("reads a worker's reply to its ticket and ignores another command's", () => {
    const reply = JSON.stringify({
      body: Buffer.from(JSON.stringify({ "worker1@deal-scout": { ok: "pong" } })).toString("base64"),
      headers: { ticket: "t-1", clock: 5 },
    });
    expect(parseReply(reply, "t-1")).toEqual({ "worker1@deal-scout": { ok: "pong" } });
    expect(parseReply(reply, "t-2")).toBeNull();
    expect(parseReply("not json", "t-1")).toBeNull();
  });
});
