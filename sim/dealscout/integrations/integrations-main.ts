import { createServer } from "node:http";
import { runUntilSignal } from "../../run-until-signal";
import { startControl } from "../control-server";
import { startSmtp } from "./smtp-server";

// Entry of the integrations image: stand-ins for eBay's API and the SMTP provider, external to Deal Scout,
// each with a fault that makes it fail the way the runbook's alerts describe.
async function main(env: Record<string, string | undefined>): Promise<number> {
  const log = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);
  const port = (name: string) => {
    const n = Number(env[name]);
    if (!Number.isInteger(n) || n < 1 || n > 65535)
      throw new Error(`${name} must be a port, got "${env[name]}"`);
    return n;
  };
  const faults: Record<string, boolean> = { "ebay-down": false, "smtp-down": false };
  const ebay = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://ebay.local").pathname;
    const send = (status: number, body: unknown) =>
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    // The container's own liveness, apart from the API status it stands in for.
    if (path === "/health") return send(200, { status: "ok" });
    if (faults["ebay-down"])
      return send(503, { errors: [{ errorId: 10001, message: "Service unavailable" }] });
    if (path === "/api/health") return send(200, { status: "UP" });
    if (path === "/buy/browse/v1/item_summary/search") {
      return send(200, {
        total: 2,
        itemSummaries: [
          { itemId: "v1|1|0", title: "deal" },
          { itemId: "v1|2|0", title: "deal" },
        ],
      });
    }
    send(404, { errors: [{ errorId: 2002, message: "Resource not found" }] });
  });
  await new Promise<void>((resolve) => ebay.listen(port("EBAY_PORT"), "127.0.0.1", resolve));
  const smtp = await startSmtp(port("SMTP_PORT"), {
    user: env.SMTP_USER ?? "",
    password: env.SMTP_PASSWORD ?? "",
    isDown: () => faults["smtp-down"] === true,
  });
  const control = await startControl(port("CONTROL_PORT"), faults, (name, on) => {
    log(`fault ${name} ${on ? "on" : "off"}`);
  });
  log(`eBay stand-in on ${port("EBAY_PORT")}, SMTP on ${port("SMTP_PORT")}, control ${port("CONTROL_PORT")}`);
  return runUntilSignal(async () => {
    control.close();
    ebay.close();
    smtp.server.close();
  }, log);
}

main(process.env).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`deal-scout integrations: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
