import "server-only";
import { Refusal } from "@/lib/model/refusal";

/** Every JSON body of the API is small (a vote, a note of 2,000 characters, a rollback reason). */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * The request's JSON body ({} when empty), refused with 413 past `maxBytes` — by Content-Length before
 * reading, and by counting while reading when the length is not declared.
 */
export async function readJsonBody(req: Request, maxBytes = MAX_BODY_BYTES): Promise<unknown> {
  const declared = Number(req.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  const text = await readText(req, maxBytes);
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new Refusal(400, "body: not valid JSON");
  }
}

function tooLarge(maxBytes: number): Refusal {
  return new Refusal(413, `body: larger than ${Math.round(maxBytes / 1024)} KiB`);
}

async function readText(req: Request, maxBytes: number): Promise<string> {
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
