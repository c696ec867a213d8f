import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runProbe } from "@/lib/collector/run-probe";
import { type Check, checkSchema } from "@/lib/model/runbook-schema";
import { closedPort, type LocalServer, startTcpServer } from "@/test/support/local-server";

// 003 Notification Delivery Failures: `telnet $SMTP_HOST $SMTP_PORT`, against local SMTP-like servers.
let greeting = "220 smtp.local ESMTP ready";
let smtp: LocalServer;
let silent: LocalServer;
beforeAll(async () => {
  smtp = await startTcpServer((socket) => socket.write(`${greeting}\r\n`));
  silent = await startTcpServer();
});
afterAll(async () => {
  await smtp.close();
  await silent.close();
});

const tcp = (port: number, banner?: string): Check =>
  checkSchema.parse({ id: "smtp", label: "SMTP", kind: "tcp", host: "127.0.0.1", port, banner });
const read = (c: Check, timeoutMs = 1500) => runProbe(c, { timeoutMs, state: new Map() });

describe("tcp probe", () => {
  it("is ok when the server greets with 220, the connect time as value", async () => {
    greeting = "220 smtp.local ESMTP ready";
    const r = await read(tcp(smtp.port, "^220"));
    expect(r.level).toBe("ok");
    expect(r.unit).toBe("ms");
    expect(r.summary).toMatch(/connected in .*220 smtp.local/);
  });

  it("is critical when the server refuses service (421), naming the greeting", async () => {
    greeting = "421 Service not available";
    const r = await read(tcp(smtp.port, "^220"));
    expect(r.level).toBe("crit");
    expect(r.summary).toMatch(/greets with "421 Service not available"/);
  });

  it("is critical when nothing listens, and when no greeting comes in time", async () => {
    const refused = await read(tcp(await closedPort(), "^220"));
    expect(refused.level).toBe("crit");
    expect(refused.summary).toMatch(/connection refused/);
    const mute = await read(tcp(silent.port, "^220"), 800);
    expect(mute.level).toBe("crit");
    expect(mute.summary).toMatch(/connected, but no greeting/);
  });

  it("without a banner, connecting is enough", async () => {
    expect((await read(tcp(silent.port))).level).toBe("ok");
  });
});
