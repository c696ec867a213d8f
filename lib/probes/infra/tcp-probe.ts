import "server-only";
import net from "node:net";
import type { Evidence } from "@/lib/model/probe";
import { errorCode, errorMessage } from "@/lib/probes/infra/deadline";
import type { InfraProbe } from "@/lib/probes/infra/infra-probe";
import {
  excerpt,
  finishResult,
  thresholdVerdict,
  unknownResult,
  type Verdict,
  verdict,
  withUnit,
} from "@/lib/probes/result";

type Outcome =
  | { kind: "connected"; connectMs: number; banner: string | null }
  | { kind: "failed"; connectMs: number | null; code: string; message: string };

/** Connect, wait for the first line when a banner is expected, then close (as telnet would, then QUIT). */
function connect(host: string, port: number, wantBanner: boolean, signal: AbortSignal): Promise<Outcome> {
  return new Promise((resolve) => {
    const started = performance.now();
    let connectMs: number | null = null;
    let buffered = "";
    const socket = net.connect({ host, port });
    const finish = (o: Outcome) => {
      signal.removeEventListener("abort", onAbort);
      socket.destroy();
      resolve(o);
    };
    const onAbort = () =>
      finish({
        kind: "failed",
        connectMs,
        code: "TIMEOUT",
        message: connectMs === null ? "no connection" : "connected, but no greeting",
      });
    signal.addEventListener("abort", onAbort, { once: true });
    socket.setEncoding("latin1");
    socket.once("connect", () => {
      connectMs = Math.round((performance.now() - started) * 10) / 10;
      if (!wantBanner) finish({ kind: "connected", connectMs, banner: null });
    });
    socket.on("data", (chunk: string) => {
      buffered += chunk;
      const nl = buffered.indexOf("\n");
      if (nl >= 0 || buffered.length > 512)
        finish({
          kind: "connected",
          connectMs: connectMs ?? 0,
          banner: buffered.slice(0, nl >= 0 ? nl : 512).trim(),
        });
    });
    socket.once("end", () =>
      finish({
        kind: "failed",
        connectMs,
        code: "CLOSED",
        message: "the server closed the connection without a greeting",
      }),
    );
    socket.once("error", (err) =>
      finish({ kind: "failed", connectMs, code: errorCode(err) ?? "", message: errorMessage(err) }),
    );
  });
}

/** 003 Notification Delivery Failures: `telnet $SMTP_HOST $SMTP_PORT`, judged on the server's greeting. */
export const probeTcp: InfraProbe<"tcp"> = async (check, ctx) => {
  const endpoint = `${check.host}:${check.port}`;
  const evidence: Evidence = { endpoint };
  const out = await connect(check.host, check.port, check.banner !== undefined, ctx.signal);
  if (out.kind === "failed") {
    evidence.connectMs = out.connectMs;
    if (out.code === "ENOTFOUND" || out.code === "EAI_AGAIN")
      return unknownResult(`cannot resolve ${check.host} (${out.code})`, evidence);
    const why =
      out.code === "ECONNREFUSED"
        ? `connection refused by ${endpoint}`
        : out.code === "TIMEOUT"
          ? `${endpoint}: ${out.message} within ${ctx.timeoutMs} ms`
          : `${endpoint}: ${out.message}`;
    return finishResult({
      verdicts: [verdict("[CONNECTED] == true", out.code || "error", false, "crit", why)],
      value: null,
      unit: "ms",
      evidence,
      okSummary: why,
    });
  }
  evidence.connectMs = out.connectMs;
  if (out.banner !== null) evidence.banner = excerpt(out.banner, 160);
  const verdicts: Verdict[] = [];
  if (check.banner !== undefined) {
    const ok = new RegExp(check.banner, "i").test(out.banner ?? "");
    verdicts.push(
      verdict(
        `[BANNER] =~ /${check.banner}/`,
        excerpt(out.banner ?? "", 80),
        ok,
        "crit",
        `${endpoint} greets with "${excerpt(out.banner ?? "", 100)}" (expected /${check.banner}/)`,
      ),
    );
  }
  if (check.thresholds)
    verdicts.push(thresholdVerdict("connect time", out.connectMs, "ms", check.thresholds));
  return finishResult({
    verdicts,
    value: out.connectMs,
    unit: "ms",
    evidence,
    okSummary: `${endpoint} connected in ${withUnit(out.connectMs, "ms")}${out.banner ? `: ${excerpt(out.banner, 100)}` : ""}`,
  });
};
