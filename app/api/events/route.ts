import { NextResponse } from "next/server";
import { z } from "zod";
import { readRecentEvents } from "@/lib/http/read-recent-events";
import { errorText, redactSecrets } from "@/lib/model/redact";

export const dynamic = "force-dynamic";

const query = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });

export async function GET(req: Request) {
  const parsed = query.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success)
    return NextResponse.json({ error: `limit: ${parsed.error.issues[0]?.message}` }, { status: 400 });
  try {
    const events = await readRecentEvents(parsed.data.limit);
    return NextResponse.json({ events });
  } catch (err) {
    // The driver's text may name the database URL: it goes to the server log only.
    console.error(`warroom: events unavailable: ${redactSecrets(errorText(err))}`);
    return NextResponse.json({ error: "events unavailable: storage is not answering" }, { status: 503 });
  }
}
