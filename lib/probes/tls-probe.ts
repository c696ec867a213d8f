import "server-only";
import { isIP } from "node:net";
import tls, { type PeerCertificate } from "node:tls";
import type { Evidence, Probe, ProbeContext } from "@/lib/model/probe";
import { describeRequestError } from "@/lib/probes/request-error";
import { failureResult, finishResult, thresholdVerdict, type Verdict, verdict } from "@/lib/probes/result";
import { safeLookup } from "@/lib/probes/safe-lookup";

const DAY_MS = 86_400_000;

type Handshake = {
  ok: true;
  cert: PeerCertificate;
  authorized: boolean;
  authError: string | null;
  latencyMs: number;
};
type HandshakeFailure = Parameters<typeof failureResult>[0];

/** Days left on the served certificate, from `valid_to`. Trust is not judged here: self-signed is fine. */
export const probeTls: Probe<"tls"> = async (check, ctx) => {
  const servername = check.servername ?? (isIP(check.host) ? undefined : check.host);
  const endpoint = `${check.host}:${check.port}`;
  const shake = await handshake(check.host, check.port, servername, ctx);
  if (!shake.ok) return failureResult(shake);

  const { cert } = shake;
  const validTo = Date.parse(cert.valid_to);
  const validFrom = Date.parse(cert.valid_from);
  const evidence: Evidence = {
    url: `tls://${endpoint}`,
    servername: servername ?? null,
    subject: commonName(cert.subject),
    issuer: commonName(cert.issuer),
    validFrom: cert.valid_from,
    validTo: cert.valid_to,
    fingerprint256: cert.fingerprint256,
    trusted: shake.authorized,
    trustError: shake.authError,
    latencyMs: shake.latencyMs,
  };
  if (!Number.isFinite(validTo)) {
    const why = `certificate from ${endpoint} has no readable expiry (valid_to "${cert.valid_to ?? ""}")`;
    return finishResult({
      verdicts: [verdict("[CERTIFICATE] has valid_to", String(cert.valid_to), false, "crit", why)],
      value: null,
      unit: "days",
      evidence,
      okSummary: why,
    });
  }

  const now = ctx.now();
  const daysLeft = Math.floor(((validTo - now) / DAY_MS) * 10) / 10;
  const verdicts: Verdict[] = [];
  if (Number.isFinite(validFrom) && now < validFrom) {
    const why = `certificate from ${endpoint} is not valid before ${cert.valid_from}`;
    verdicts.push(verdict("[CERTIFICATE] valid_from <= now", cert.valid_from, false, "crit", why));
  }
  if (daysLeft < 0) {
    const why = `certificate from ${endpoint} expired ${-daysLeft} days ago (${cert.valid_to})`;
    verdicts.push(verdict("[CERTIFICATE] not expired", cert.valid_to, false, "crit", why));
  }
  verdicts.push(thresholdVerdict("certificate days left", daysLeft, "days", check.thresholds));
  return finishResult({
    verdicts,
    value: daysLeft,
    unit: "days",
    evidence,
    okSummary: `certificate for ${servername ?? check.host} valid ${daysLeft} more days (until ${cert.valid_to})`,
  });
};

function handshake(
  host: string,
  port: number,
  servername: string | undefined,
  ctx: ProbeContext,
): Promise<Handshake | HandshakeFailure> {
  const started = performance.now();
  const latency = () => Math.round((performance.now() - started) * 10) / 10;
  const url = `tls://${host}:${port}`;
  return new Promise((resolve) => {
    let settled = false;
    const socket = tls.connect({ host, port, servername, rejectUnauthorized: false, lookup: safeLookup });
    const settle = (outcome: Handshake | HandshakeFailure) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      ctx.signal.removeEventListener("abort", onDeadline);
      if (outcome.ok) {
        // A polite close (close_notify + FIN); a server that never closes is cut off shortly after.
        socket.setTimeout(1000, () => socket.destroy());
        socket.end();
      } else {
        socket.destroy();
      }
      resolve(outcome);
    };
    function onDeadline() {
      const message = `no TLS handshake from ${host}:${port} within ${ctx.timeoutMs} ms`;
      settle({ ok: false, url, code: "timeout", message, latencyMs: latency() });
    }
    const timer = setTimeout(onDeadline, ctx.timeoutMs);
    socket.on("error", (err: NodeJS.ErrnoException) => {
      const { code, message } = describeRequestError(err, `${host}:${port}`, host);
      settle({ ok: false, url, code, message, latencyMs: latency() });
    });
    socket.once("secureConnect", () => {
      const cert = socket.getPeerCertificate();
      if (!cert || Object.keys(cert).length === 0) {
        const message = `TLS handshake with ${host}:${port} gave no certificate`;
        settle({ ok: false, url, code: "tls", message, latencyMs: latency() });
        return;
      }
      const authError = socket.authorizationError ? String(socket.authorizationError) : null;
      settle({ ok: true, cert, authorized: socket.authorized, authError, latencyMs: latency() });
    });
    if (ctx.signal.aborted) onDeadline();
    else ctx.signal.addEventListener("abort", onDeadline, { once: true });
  });
}

function commonName(name: PeerCertificate["subject"] | undefined): string | null {
  const cn = name?.CN;
  return Array.isArray(cn) ? cn.join(", ") : (cn ?? null);
}
