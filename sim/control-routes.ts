import { type ApiResponse, json } from "./api-response";
import type { FaultSwitch } from "./fault-switch";
import { isSimFault, SIM_FAULTS } from "./faults";

export type ControlRequest = { method: string; path: string };

export type ControlContext = {
  faultSwitch: FaultSwitch;
  /** Extra facts for GET /health, e.g. the ports in use. */
  describe: () => Record<string, unknown>;
};

const ENDPOINTS = ["GET /health", "GET /faults", "PUT|POST|DELETE /faults/<name>", "POST /reset"];

/** The control API: read and switch faults. Every answer says the state after the change. */
export async function respondToControlRequest(
  req: ControlRequest,
  ctx: ControlContext,
): Promise<ApiResponse> {
  const { faultSwitch } = ctx;
  const path = req.path.length > 1 ? req.path.replace(/\/+$/, "") : req.path;
  try {
    if (path === "/health") {
      return req.method === "GET"
        ? json(200, { status: "ok", ...ctx.describe(), faults: faultSwitch.faults() })
        : notAllowed("GET");
    }
    if (path === "/faults") {
      return req.method === "GET" ? json(200, { faults: faultSwitch.faults() }) : notAllowed("GET");
    }
    if (path === "/reset") {
      return req.method === "POST" ? json(200, { faults: await faultSwitch.reset() }) : notAllowed("POST");
    }
    if (path.startsWith("/faults/")) {
      const name = decodeSegment(path.slice("/faults/".length));
      const on =
        req.method === "PUT" || req.method === "POST" ? true : req.method === "DELETE" ? false : null;
      if (on === null) return notAllowed("PUT, POST, DELETE");
      if (!isSimFault(name)) {
        return json(404, {
          detail: `Unknown fault "${name}". Known faults: ${SIM_FAULTS.join(", ")}`,
          known: SIM_FAULTS,
        });
      }
      return json(200, { fault: name, on, faults: await faultSwitch.setFault(name, on) });
    }
    return json(404, { detail: "Not Found", endpoints: ENDPOINTS });
  } catch (err) {
    return json(500, {
      detail: err instanceof Error ? err.message : String(err),
      faults: faultSwitch.faults(),
    });
  }
}

function notAllowed(allow: string): ApiResponse {
  return json(405, { detail: `Method Not Allowed (use ${allow})` }, { allow });
}

function decodeSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
