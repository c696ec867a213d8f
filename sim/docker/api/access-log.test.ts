import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { DEFAULT_ACCESS_LINE } from "@/lib/model/log-push-schema";
import { withAccessLog } from "./access-log";

describe("the API's access log", () => {
  it("writes one line per request with its status, which the default access-line format reads", async () => {
    const lines: string[] = [];
    const server = createServer(
      withAccessLog(
        (req, res) => {
          if (req.url === "/slow") return; // never answered: the client gives up
          res.writeHead(req.url === "/boom" ? 500 : 200).end("x");
        },
        (l) => lines.push(l),
      ),
    );
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as AddressInfo;
    const get = (path: string) =>
      new Promise<void>((resolve) => {
        const req = request({ host: "127.0.0.1", port, path, timeout: 200 }, (res) =>
          res.resume().on("end", resolve),
        );
        req.on("timeout", () => req.destroy());
        req.on("error", () => resolve());
        req.end();
      });
    await get("/v1/search?q=a%20b");
    await get("/boom");
    await get("/slow");
    await new Promise((r) => setTimeout(r, 100));
    server.close();
    const status = lines.map((l) => new RegExp(DEFAULT_ACCESS_LINE).exec(l)?.groups?.status);
    expect(status).toEqual(["200", "500", "499"]);
    expect(lines[1]).toMatch(
      / INFO \[api\] 127\.0\.0\.1:\d+ - "GET \/boom HTTP\/1\.1" 500 Internal Server Error \d+ms$/,
    );
  });
});
